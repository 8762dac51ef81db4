//! The `lamplight.toml` schema file.

use lamplight_core::RecordKind;
use lamplight_schema::Schema;

/// Parses `data` (as UTF-8) as a schema file. A refusal must point inside the text (a line
/// and column that exist); an accepted schema must pass its own check, and find each of its
/// fields by label and by id.
pub fn schema_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Schema::from_toml_str(text) {
        Err(error) => {
            assert!(
                !error.to_string().is_empty(),
                "a schema refused without a reason"
            );
            if let Some(line) = error.line() {
                let lines = text.split('\n').count();
                assert!(
                    (1..=lines).contains(&line),
                    "line {line} of a {lines}-line file: {error}"
                );
            }
            if let Some(column) = error.column() {
                assert!(column >= 1, "column {column}: {error}");
            }
        }
        Ok(schema) => {
            if let Err(error) = schema.check() {
                panic!("a parsed schema fails its own check: {error}");
            }
            for kind in RecordKind::ALL {
                for field in schema.fields(kind) {
                    assert!(
                        schema.field(kind, &field.label).is_some(),
                        "{kind:?} field {:?} is not found by its own label",
                        field.label
                    );
                }
                let _ = schema.suggest(kind, "How did you here");
            }
            let _ = schema.workarea_ids().count();
        }
    }
}
