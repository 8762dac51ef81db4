//! lamplight
