//! Search in a real browser (placeholder).
