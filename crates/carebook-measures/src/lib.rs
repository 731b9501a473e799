//! carebook-measures (being written).
