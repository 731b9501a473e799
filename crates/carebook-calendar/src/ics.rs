//! iCalendar (RFC 5545) export.
