//! carebook-care (being written).
