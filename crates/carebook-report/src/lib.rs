//! carebook-report (being written).
