//! From TOML text to a checked [`Schema`], keeping byte offsets so every error has a line.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::check::{self, Step};
use crate::error::{SchemaError, line_column};
use crate::{SANDBOX_SECTIONS, SCHEMA_SECTIONS, Schema, nearest};

pub(crate) fn parse(text: &str) -> Result<Schema, SchemaError> {
    let document = DeTable::parse(text).map_err(|error| toml_error(text, &error))?;
    for (key, _) in document.get_ref().iter() {
        let name: &str = key.get_ref();
        if SCHEMA_SECTIONS.contains(&name) || SANDBOX_SECTIONS.contains(&name) {
            continue;
        }
        let hint = nearest(
            name,
            SCHEMA_SECTIONS.iter().chain(SANDBOX_SECTIONS).copied(),
        )
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default();
        return Err(SchemaError::syntax(
            format!(
                "unknown section `{name}`{hint}; a schema describes `fields`, `workareas`, \
                 `relationship_types` and `groups`, and may hold the sandbox's own sections"
            ),
            Some(line_column(text, key.span().start)),
        ));
    }
    let schema: Schema = toml::from_str(text).map_err(|error| toml_error(text, &error))?;
    check::check(&schema).map_err(|problem| {
        let offset = locate(&document, &problem.at);
        SchemaError::invalid(problem.message, offset.map(|at| line_column(text, at)))
    })?;
    Ok(schema)
}

fn toml_error(text: &str, error: &toml::de::Error) -> SchemaError {
    let location = error.span().map(|span| line_column(text, span.start));
    SchemaError::syntax(error.message().trim_end().to_owned(), location)
}

/// The byte offset of the value at `path` in the parsed document.
fn locate(document: &Spanned<DeTable<'_>>, path: &[Step]) -> Option<usize> {
    let mut span = document.span();
    let mut value: Option<&DeValue<'_>> = None;
    let mut table = Some(document.get_ref());
    for step in path {
        let next = match (step, table, value) {
            (Step::Key(key), Some(table), _) => table
                .iter()
                .find(|(k, _)| k.get_ref() == key)
                .map(|(_, v)| v),
            (Step::Index(index), _, Some(DeValue::Array(array))) => array.get(*index),
            _ => None,
        }?;
        span = next.span();
        value = Some(next.get_ref());
        table = match next.get_ref() {
            DeValue::Table(inner) => Some(inner),
            _ => None,
        };
    }
    Some(span.start)
}

#[cfg(test)]
mod tests {
    use crate::{Schema, SchemaErrorKind};

    #[test]
    fn a_syntax_error_has_its_line_and_column() {
        let error = Schema::from_toml_str("[[workareas]]\nid = = 3\n").unwrap_err();
        assert_eq!(error.kind(), SchemaErrorKind::Syntax);
        assert_eq!(error.line(), Some(2));
    }

    #[test]
    fn an_unknown_key_in_a_field_is_refused_where_it_stands() {
        let text = "[[fields.person]]\nlabel = \"Gender\"\ntype = \"text\"\nwriteable = false\n";
        let error = Schema::from_toml_str(text).unwrap_err();
        assert_eq!((error.line(), error.column()), (Some(4), Some(1)));
        assert!(error.message().contains("writeable"), "{error}");
    }

    #[test]
    fn an_unknown_section_is_refused_with_a_suggestion() {
        let error = Schema::from_toml_str("[[feilds.referral]]\nlabel = \"A\"\n").unwrap_err();
        assert_eq!(error.line(), Some(1));
        assert!(error.message().contains("did you mean `fields`"), "{error}");
    }

    #[test]
    fn sandbox_sections_are_accepted_and_ignored() {
        let schema = Schema::from_toml_str(
            "shape = \"clean\"\n[credentials]\nkey = \"k\"\n[[profiles]]\nid = 1\n",
        )
        .unwrap();
        assert_eq!(schema, Schema::default());
    }

    #[test]
    fn a_rule_broken_across_entries_points_at_the_second_entry() {
        let text = "[[fields.referral]]\nlabel = \"Heard via\"\ntype = \"text\"\n\n\
                    [[fields.referral]]\nlabel = \"heard Via\"\ntype = \"text\"\n";
        let error = Schema::from_toml_str(text).unwrap_err();
        assert_eq!(error.kind(), SchemaErrorKind::Invalid);
        assert_eq!((error.line(), error.column()), (Some(6), Some(9)));
        assert!(error.message().contains("twice"), "{error}");
    }
}
