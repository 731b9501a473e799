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
        core::CareTaskStatus, core::CareTaskOrigin, core::RequestInput, core::ServiceRequest, core::FeedbackInput,
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
        carebook_import::Field, carebook_import::TextEncoding, carebook_import::FileFormat,
        carebook_import::Problem, carebook_import::rows::MergeChange, ImportFileArgs, ImportCommitArgs, ImportColumn,
        ImportCounts, ImportRowStatus, ImportMergeTarget, ImportRowPreview, ImportPreview, core::ImportBatch,
        ImportResult, ImportUndoArgs, ImportUndoResult, ImportBatchList, ImportPhase, ImportProgress,
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
    let commands = COMMANDS.iter().map(|c| format!("  \"{c}\",")).collect::<Vec<_>>().join("\n");
    out.push_str(&format!(
        "export const COMMANDS = [\n{commands}\n] as const;\nexport type Command = (typeof COMMANDS)[number];\n"
    ));
    out
}

#[test]
fn typescript_bindings_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p carebook-api --test bindings` and commit it",
        path.display()
    );
}
