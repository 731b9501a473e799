//! `ui/src/lib/bindings.ts` is generated from the Rust types that cross the
//! API. This test fails when the committed file is stale; run it with
//! `UPDATE_BINDINGS=1` to rewrite the file.

use std::path::Path;

use carebook_api::*;
use carebook_core as core;
use ts_rs::{Config, TS};

macro_rules! decls {
    ($cfg:expr; $($t:ty),+ $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),+]
    };
}

fn generate() -> String {
    // Ids and amounts stay far below 2^53: plain numbers on the TypeScript side.
    let cfg = &Config::new().with_large_int("number");
    let decls = decls![cfg;
        core::Gender, core::CustomerKind, core::CalendarKind, core::Birthday, core::Consent, core::Channel,
        core::StaffRole, core::Phone, core::CustomerInput, core::Customer, core::CustomerRow, core::PurchaseInput,
        core::Purchase, core::NoteInput, core::Note, core::TimelineItem, core::StaffInput, core::Staff,
        core::DuplicateWarning, core::FieldError, core::RequestKind, core::RequestStatus, core::CareTaskKind,
        core::CareTaskStatus, core::CareTaskOrigin, core::AuditAction, core::AuditEntity, core::RequestInput, core::ServiceRequest, core::FeedbackInput,
        core::Feedback, core::CareTaskInput, core::CareTask, SaveRequest, SaveCareTask, AddFeedback, CareTaskView,
        CustomerCare,
        AppInfo, StartOwnShop, ListArgs, CustomerPage, SearchArgs, SearchHit, SearchResult, IdArgs, TimelineArgs,
        CreateCustomer, UpdateCustomer, CheckDuplicates, SavedCustomer, Duplicates, Footprint, Empty, AddPurchase,
        AddNote, CreateStaff, UpdateStaff, ErrorCode, ApiError,
        backup::BackupSettings, backup::BackupSettingsSet, backup::BackupNow, backup::PathArgs, backup::BackupInfo,
        backup::BackupKind, backup::BackupEntry, backup::BackupList, backup::RestoreResult, backup::StorageKind,
        backup::StorageCheck, backup::StorageMove, backup::StorageMoved,
        core::export::Lang, core::ConsentEvent, core::FieldChange, core::AuditEntry, core::CustomerDossier, SetActor,
        Session, CustomerExportFormat, CustomerExportArgs, ExportedFile, EraseArgs, TableRows, CustomerData, Erased,
        AuditListArgs, AuditList, ExportFormat, CsvDelimiter, ExportArgs, DatasetCount, ExportResult,
        ExportSuggestArgs, SuggestedPath,
        carebook_import::Field, carebook_import::TextEncoding, carebook_import::FileFormat, carebook_import::FileKind,
        carebook_import::Problem, carebook_import::rows::MergeChange, ImportFileArgs, ImportCommitArgs, ImportColumn,
        ImportCounts, ImportRowStatus, ImportMergeTarget, ImportRowPreview, ImportPreview, core::ImportBatch,
        ImportResult, ImportUndoArgs, ImportUndoResult, ImportBatchList, ImportPhase, ImportProgress,
        carebook_measures::DateRange, carebook_measures::YearMonth, carebook_measures::ServiceLevel,
        carebook_measures::LevelCap, carebook_measures::ServiceAssessment, carebook_measures::LevelInfo,
        carebook_measures::MeasureSet, carebook_measures::Comparison, carebook_measures::TrendPoint,
        carebook_measures::StaffMeasures, carebook_measures::ChannelMeasures, carebook_measures::BreakdownGroup,
        carebook_measures::MeasureKey,
        carebook_measures::DrillEntity, carebook_measures::Drill, carebook_measures::RiskEvidence,
        carebook_measures::InactivityRule, carebook_measures::LevelThresholds, carebook_measures::Settings,
        RangeArgs, StaffName, MeasuresResult, TrendArgs, DrillArgs, DrillRow, DrillResult, ServiceLevelView,
        AtRiskArgs, RiskReasonView, AtRiskRow, AtRiskList, AtRiskTask,
        reports::PrintLang, reports::ProfilePdfArgs, reports::MonthlyReportArgs, reports::PdfFile,
        reports::SaveReportArgs, reports::cards::PrintLayout, reports::cards::CardsArgs, reports::cards::CardPreview,
        reports::cards::LeftOutWhy, reports::cards::LeftOutTask, reports::cards::CardsPreview,
        reports::cards::PrintedCards, reports::cards::CallListArgs, reports::cards::TasksDoneArgs,
        reports::cards::TasksDone, reports::cards::PrintProgress,
        carebook_care::AssigneeRule, carebook_care::Trigger, carebook_care::PlanStep, carebook_care::Plan,
        carebook_care::Template, carebook_care::Placeholder, carebook_care::ContactLinks, LunarDay, DateArgs,
        GenerateReport, CareLine, TodayArgs, TodayList, AgendaArgs, BirthdayOccurrence, AgendaDay, Agenda,
        TaskListArgs, TaskList, FinishTask, TaskCsat, TaskCsatResult, MoveTask, SavePlan, SchedulePreviewArgs, SchedulePreview, PlanList, TemplateList,
        SaveTemplate,
        PreviewTemplate, TemplatePreview, AgendaExport,
        core::RequestAction, core::RequestEvent, ResolveRequest, TransferRequest, RequestChanged,
        KioskStatus, KioskPinSet, KioskPin, KioskUnlock, DashboardResult,
        LogoFileArgs, LogoImage, ShopLogo,
        carebook_care::EntryKind, carebook_care::LedgerEntry, carebook_care::Tier, carebook_care::LoyaltyRules,
        carebook_care::TierReached, carebook_care::Standing, LoyaltyView, PointsChange,
        carebook_care::ReminderSetting, Reminder,
    ];
    let mut out = String::from(
        "// Generated from the Rust types of carebook-core and carebook-api by\n\
         // crates/carebook-api/tests/bindings.rs. Do not edit: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p carebook-api --test bindings`.\n\n",
    );
    for decl in decls {
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    // The command table: one entry per command, typed on both sides.
    out.push_str("/** Every command: its arguments, its result, and whether it reads or writes. */\nexport type CommandMap = {\n");
    for sig in carebook_api::commands::command_signatures(cfg) {
        let access = match sig.access {
            Access::Read => "read",
            Access::Write => "write",
        };
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {}; access: '{access}' }};\n",
            sig.name, sig.args, sig.result
        ));
    }
    out.push_str("};\nexport type Command = keyof CommandMap;\n");
    out
}

/// The labels of every stored code, from `carebook_core::labels`: the UI's
/// dictionaries take them from here instead of keeping copies.
fn generate_labels() -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap();
    let mut out = String::from(
        "// Generated from carebook-core's labels by crates/carebook-api/tests/bindings.rs.\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test -p carebook-api --test bindings`.\n\n",
    );
    for (name, pick) in [("LABELS_VI", 0), ("LABELS_EN", 1)] {
        out.push_str(&format!("export const {name} = {{\n"));
        for f in core::labels::families() {
            for l in f.labels {
                let text = if pick == 0 { l.vi } else { l.en };
                out.push_str(&format!("  {}: {},\n", quote(&format!("{}.{}", f.family, l.code)), quote(text)));
            }
        }
        out.push_str("} as const;\n\n");
    }
    out.push_str("/** The codes of each family, in the order lists show them. */\nexport const CODES = {\n");
    for f in core::labels::families() {
        let codes: Vec<String> = f.labels.iter().map(|l| quote(l.code)).collect();
        out.push_str(&format!("  {}: [{}],\n", quote(f.family), codes.join(", ")));
    }
    out.push_str("} as const;\n");
    out
}

fn check_generated(file: &str, fresh: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib").join(file);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p carebook-api --test bindings` and commit it",
        path.display()
    );
}

#[test]
fn typescript_bindings_are_current() {
    check_generated("bindings.ts", &generate());
}

#[test]
fn typescript_labels_are_current() {
    check_generated("labels.ts", &generate_labels());
}
