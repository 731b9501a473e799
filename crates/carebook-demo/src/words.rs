//! Word lists for the demo shop (a bakery and café in Vietnam).

/// Family names with their rough share of the population (per mille).
pub const SURNAMES: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 41),
    ("Huỳnh", 31),
    ("Phan", 45),
    ("Vũ", 39),
    ("Võ", 20),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Trương", 6),
    ("Lâm", 5),
    ("Mai", 4),
    ("Tô", 3),
    ("Đoàn", 4),
    ("Cao", 3),
    ("Lương", 3),
    ("Châu", 2),
];

pub const FEMALE_MIDDLE: &[&str] = &[
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bích", "Kim", "Mỹ", "Phương", "Hồng", "Thuỳ", "Diệu", "Hoài",
];
pub const MALE_MIDDLE: &[&str] =
    &["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Gia", "Anh", "Hoàng", "Tuấn", "Trọng", "Xuân"];
pub const FEMALE_GIVEN: &[&str] = &[
    "Anh", "Lan", "Hương", "Hà", "Mai", "Linh", "Trang", "Thảo", "Ngọc", "Hằng", "Nhung", "Yến", "Phương", "Dung",
    "Vy", "Trâm", "Hạnh", "Quyên", "Giang", "Ly", "Thư", "Uyên", "Chi", "Nga", "Huyền", "Loan", "Tâm", "Thuý", "Duyên",
    "Diệp", "Oanh", "Xuân", "Hồng", "Nhi", "Khánh",
];
pub const MALE_GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khoa", "Khánh", "Long",
    "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung",
    "Tuấn", "Việt", "Vinh", "Vũ", "Bảo", "Lộc", "Đông",
];

/// Vietnamese mobile prefixes in use (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile).
pub const MOBILE_PREFIXES: &[&str] = &[
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039", "088", "091", "094", "081",
    "082", "083", "084", "085", "089", "090", "093", "070", "076", "077", "078", "079", "092", "056", "058", "099",
    "059",
];

pub const EMAIL_DOMAINS: &[&str] = &["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com"];

pub const STREETS: &[&str] = &[
    "Lê Lợi",
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
    "Cách Mạng Tháng Tám",
    "Nguyễn Trãi",
    "Phan Đình Phùng",
    "Võ Văn Tần",
    "Pasteur",
    "Nam Kỳ Khởi Nghĩa",
    "Hoàng Diệu",
    "Bạch Đằng",
];
pub const WARDS: &[&str] =
    &["Phường Bến Thành", "Phường Đa Kao", "Phường 7", "Phường Tân Định", "Phường Hàng Bạc", "Phường Thạch Thang"];
pub const CITIES: &[&str] = &["TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Biên Hoà"];

pub const SOURCES: &[&str] =
    &["Khách vãng lai", "Facebook", "Zalo", "Người quen giới thiệu", "Google Maps", "Sự kiện khai trương"];

pub const TAGS: &[&str] =
    &["Khách quen", "Thích bánh kem", "Ăn chay", "Khách công ty", "Sinh viên", "Khách sỉ", "Đặt tiệc", "Ít đường"];

pub const ITEMS: &[&str] = &[
    "Bánh kem dâu",
    "Bánh mì bơ tỏi",
    "Bánh bông lan trứng muối",
    "Cà phê sữa đá",
    "Trà đào cam sả",
    "Bánh su kem",
    "Bánh tiramisu",
    "Bánh croissant",
    "Bánh flan",
    "Bánh sinh nhật 20cm",
    "Hộp bánh trung thu",
    "Bánh chuối nướng",
    "Sữa chua dẻo",
    "Trà sữa trân châu",
];

pub const PROFILE_NOTES: &[&str] = &[
    "Dị ứng đậu phộng",
    "Thích ít ngọt",
    "Hay đặt bánh sinh nhật cho con vào tháng 6",
    "Thường ghé buổi sáng trước 8 giờ",
    "Khách công ty, cần xuất hoá đơn VAT",
    "Thích được nhắn Zalo hơn gọi điện",
];

pub const TIMELINE_NOTES: &[&str] = &[
    "Khách khen bánh kem mềm, sẽ quay lại",
    "Đã gọi điện cảm ơn sau đơn hàng",
    "Khách phàn nàn giao hàng trễ 20 phút, đã xin lỗi và tặng voucher",
    "Hỏi về bánh không đường cho người tiểu đường",
    "Đặt trước bánh cho tiệc công ty cuối tháng",
];

/// The demo shop's staff and whether they still work there.
pub const STAFF: &[(&str, bool)] = &[
    ("Nguyễn Thị Mai", true),
    ("Trần Minh Tuấn", true),
    ("Lê Thu Hà", true),
    ("Phạm Quốc Bảo", true),
    ("Võ Ngọc Trâm", true),
    ("Hoàng Đức Anh", false),
];

/// What customers ask for, by request type.
pub const REQUESTS: &[(&str, &[&str])] = &[
    ("question", &["Hỏi giá bánh kem 2 tầng", "Hỏi giờ mở cửa ngày lễ", "Hỏi bánh không đường cho người tiểu đường"]),
    ("order", &["Đặt bánh sinh nhật giao tận nhà", "Đặt 50 hộp bánh cho công ty", "Đặt bánh trung thu làm quà biếu"]),
    ("complaint", &["Bánh giao trễ 30 phút", "Kem bị chảy khi nhận", "Thiếu một hộp trong đơn hàng"]),
    ("return", &["Đổi bánh sai vị", "Đổi hộp bánh bị móp"]),
    ("other", &["Góp ý về chỗ đậu xe", "Xin hoá đơn đỏ cho đơn tuần trước"]),
];

pub const FEEDBACK_COMMENTS: &[&str] = &[
    "",
    "",
    "Bánh ngon, nhân viên nhiệt tình",
    "Giao hàng đúng giờ",
    "Giá hơi cao nhưng chất lượng tốt",
    "Chờ hơi lâu vào giờ cao điểm",
    "Sẽ giới thiệu cho bạn bè",
];

pub const TASK_OUTCOMES: &[&str] =
    &["Khách cảm ơn, hẹn ghé lại", "Đã gửi tin Zalo", "Khách hài lòng", "Không liên lạc được, gọi lại sau"];
