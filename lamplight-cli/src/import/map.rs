//! The map file: which CSV column feeds which Lamplight field.
//!
//! ```toml
//! # For `lamplight import people`: the kind of profile (person, organisation, family;
//! # person by default) and its role. Not allowed for referrals.
//! kind = "person"
//! role = "user"
//!
//! [fields]                  # Lamplight field = CSV column
//! first_name = "First name"
//! surname = "Last name"
//! postcode = "Postcode"
//! "Interests" = { column = "Hobbies", separator = ";" }   # a multi-select from one cell
//!
//! [constants]               # the same value on every row
//! publishable = 1
//! "Contact preferences" = ["Email", "Phone"]
//!
//! [defaults]                # used when a mapped cell is empty
//! "First language" = "English"
//! ```
//!
//! Field names follow the same rules as `DynamicRecord`: a built-in's name (`attendee`,
//! `reason`, `first_name`, `postcode`, ...) or a custom field's label as Lamplight shows it.

use std::collections::BTreeMap;
use std::path::Path;

use lamplight_client::{Record, RecordKind, Role};
use serde::Deserialize;

use crate::error::CliError;
use crate::fields::FieldText;

/// What an import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Referrals (`referral/add`).
    Referral,
    /// Profiles of this kind and role (`people/add`, `orgs/add`, `family/add`).
    Profile(RecordKind, Role),
}

impl Target {
    /// The name used in the journal's header and in messages.
    pub fn describe(self) -> String {
        match self {
            Target::Referral => "referrals".to_owned(),
            Target::Profile(kind, role) => format!("{kind} profiles (role {role})"),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    kind: Option<String>,
    role: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, toml::Value>,
    #[serde(default)]
    constants: BTreeMap<String, toml::Value>,
    #[serde(default)]
    defaults: BTreeMap<String, toml::Value>,
}

/// One field fed from a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnField {
    /// The Lamplight field.
    pub field: String,
    /// The column's name, as the map gives it.
    pub column: String,
    /// Split the cell into several values at this separator (a multi-select).
    pub separator: Option<String>,
    /// The value to use when the cell is empty.
    pub default: Option<String>,
}

/// A map file, read and checked, not yet matched against a CSV header.
#[derive(Debug, Clone)]
pub struct ImportMap {
    /// What the import creates.
    pub target: Target,
    /// Fields fed from columns.
    pub columns: Vec<ColumnField>,
    /// Fields with the same value on every row.
    pub constants: Vec<FieldText>,
}

/// Whether this import is of referrals or of profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOf {
    /// `lamplight import referrals`.
    Referrals,
    /// `lamplight import people`.
    People,
}

/// The largest map file read: a map names columns and constants, so 1 MiB is far beyond any
/// real one, and a larger file is refused before it is held in memory.
pub const MAX_MAP_BYTES: u64 = 1024 * 1024;

impl ImportMap {
    /// Reads and checks the map file at `path`.
    pub fn load(path: &Path, of: ImportOf) -> Result<ImportMap, CliError> {
        use std::io::Read as _;
        let cannot = |err: std::io::Error| {
            CliError::usage(format!(
                "cannot read the map file {}: {err}",
                path.display()
            ))
        };
        let mut text = String::new();
        std::fs::File::open(path)
            .map_err(cannot)?
            .take(MAX_MAP_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(cannot)?;
        if text.len() as u64 > MAX_MAP_BYTES {
            return Err(CliError::usage(format!(
                "the map file {} is larger than {MAX_MAP_BYTES} bytes; a map lists columns and \
                 constants, so this is not one",
                path.display()
            )));
        }
        ImportMap::parse(&text, of)
            .map_err(|message| CliError::usage(format!("map file {}: {message}", path.display())))
    }

    /// Parses and checks a map file's text; the error says what is wrong, and where.
    pub fn parse(text: &str, of: ImportOf) -> Result<ImportMap, String> {
        let file: MapFile = toml::from_str(text).map_err(|err| err.to_string())?;
        let target = match of {
            ImportOf::Referrals => {
                if file.kind.is_some() || file.role.is_some() {
                    return Err(
                        "`kind` and `role` are for `import people`; a referral has neither"
                            .to_owned(),
                    );
                }
                Target::Referral
            }
            ImportOf::People => {
                let kind = match file.kind.as_deref().unwrap_or("person") {
                    "person" => RecordKind::Person,
                    "organisation" => RecordKind::Organisation,
                    "family" => RecordKind::Family,
                    other => {
                        return Err(format!(
                            "`kind = \"{other}\"` is not a kind of profile; use person, \
                             organisation or family"
                        ));
                    }
                };
                let role_text = file.role.as_deref().ok_or_else(|| {
                    "a profile import needs a role: add `role = \"user\"` (or contact, staff, \
                     funder, org) at the top"
                        .to_owned()
                })?;
                let role: Role = role_text.parse().map_err(|err| format!("`role`: {err}"))?;
                Target::Profile(kind, role)
            }
        };

        let mut columns = Vec::new();
        for (field, spec) in &file.fields {
            let (column, separator) = match spec {
                toml::Value::String(column) => (column.clone(), None),
                toml::Value::Table(table) => {
                    let column = table.get("column").and_then(toml::Value::as_str);
                    let separator = table.get("separator").and_then(toml::Value::as_str);
                    let unknown = table
                        .keys()
                        .find(|key| *key != "column" && *key != "separator");
                    match (column, separator, unknown) {
                        (Some(column), separator, None) => (
                            column.to_owned(),
                            separator.filter(|s| !s.is_empty()).map(str::to_owned),
                        ),
                        _ => {
                            return Err(format!(
                                "[fields] `{field}`: expected a column name, or \
                                 {{ column = \"...\", separator = \";\" }}"
                            ));
                        }
                    }
                }
                _ => {
                    return Err(format!(
                        "[fields] `{field}`: expected the name of a CSV column, as text"
                    ));
                }
            };
            if column.trim().is_empty() {
                return Err(format!("[fields] `{field}`: the column name is empty"));
            }
            columns.push(ColumnField {
                field: field.clone(),
                column,
                separator,
                default: None,
            });
        }

        let mut constants = Vec::new();
        for (field, value) in &file.constants {
            if file.fields.contains_key(field) {
                return Err(format!(
                    "`{field}` is both in [fields] and [constants]; a field takes its value \
                     from one place (use [defaults] for a value when the cell is empty)"
                ));
            }
            let (values, list) = values_of(value)
                .ok_or_else(|| format!("[constants] `{field}`: {}", EXPECTED_VALUE))?;
            constants.push(FieldText {
                name: field.clone(),
                values,
                list,
            });
        }

        for (field, value) in &file.defaults {
            let column = columns
                .iter_mut()
                .find(|column| &column.field == field)
                .ok_or_else(|| {
                    format!(
                        "[defaults] `{field}` is not in [fields]; a default fills an empty cell \
                         of a mapped column (use [constants] for a fixed value)"
                    )
                })?;
            match values_of(value) {
                Some((mut values, false)) if values.len() == 1 => {
                    column.default = values.pop();
                }
                _ => return Err(format!("[defaults] `{field}`: expected one value")),
            }
        }

        let map = ImportMap {
            target,
            columns,
            constants,
        };
        map.check_names()?;
        Ok(map)
    }

    /// Checks every field name against Lamplight's naming rules, and that a referral has an
    /// attendee, before any row is read.
    fn check_names(&self) -> Result<(), String> {
        let names = self
            .columns
            .iter()
            .map(|column| column.field.as_str())
            .chain(self.constants.iter().map(|constant| constant.name.as_str()));
        probe(self.target.new_record(), names).map_err(|err| match err.kind() {
            lamplight_client::EncodeErrorKind::Empty if err.field() == "attendee" => {
                "a referral needs an attendee: map a column to it, e.g. \
                 `attendee = \"Email\"` under [fields]"
                    .to_owned()
            }
            _ => err.to_string(),
        })
    }
}

const EXPECTED_VALUE: &str = "expected text, a number, true/false, or a list of text";

/// A TOML value as the texts to send, and whether it is a list.
fn values_of(value: &toml::Value) -> Option<(Vec<String>, bool)> {
    let scalar = |value: &toml::Value| match value {
        toml::Value::String(text) => Some(text.clone()),
        toml::Value::Integer(number) => Some(number.to_string()),
        toml::Value::Float(number) => Some(number.to_string()),
        toml::Value::Boolean(flag) => Some(if *flag { "1" } else { "0" }.to_owned()),
        _ => None,
    };
    match value {
        toml::Value::Array(items) => items
            .iter()
            .map(scalar)
            .collect::<Option<Vec<_>>>()
            .map(|values| (values, true)),
        other => scalar(other).map(|value| (vec![value], false)),
    }
}

/// Sets every name to a harmless value and encodes, so that a name breaking the rules, or a
/// missing attendee, is found before the import starts.
fn probe<'a>(
    mut record: super::record::AnyRecord,
    names: impl Iterator<Item = &'a str>,
) -> Result<(), lamplight_client::EncodeError> {
    // A value every field accepts as text, a date field included: only the names are probed.
    for name in names {
        // A value every field takes: the date field reads its value as a date.
        let wire = lamplight_core::schema::builtin_for(record.kind(), name).map(|b| b.wire_name);
        let value = if wire == Some("date_from") {
            "2000-01-01"
        } else {
            "1"
        };
        record = record.set(name, value);
    }
    record.to_form().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_referral_map() {
        let map = ImportMap::parse(
            r#"
            [fields]
            attendee = "Email"
            reason = "Why"
            "How did you hear" = "Source"
            "Support needed" = { column = "Needs", separator = ";" }
            [constants]
            workarea = 11
            "Consent given" = true
            [defaults]
            "How did you hear" = "Other"
            "#,
            ImportOf::Referrals,
        )
        .unwrap();
        assert_eq!(map.target, Target::Referral);
        assert_eq!(map.columns.len(), 4);
        let heard = map.columns.iter().find(|c| c.column == "Source").unwrap();
        assert_eq!(heard.default.as_deref(), Some("Other"));
        let needs = map.columns.iter().find(|c| c.column == "Needs").unwrap();
        assert_eq!(needs.separator.as_deref(), Some(";"));
        assert_eq!(map.constants[0].values, ["1"]);
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            ("[feilds]\nattendee = \"Email\"", "feilds"),
            ("[fields]\nreason = \"Why\"", "needs an attendee"),
            (
                "[fields]\nattendee = \"Email\"\n\"school  year\" = \"Year\"",
                "school  year",
            ),
            ("[fields]\nattendee = 3", "`attendee`"),
            ("[fields]\nattendee = { col = \"x\" }", "`attendee`"),
            (
                "role = \"user\"\n[fields]\nattendee = \"Email\"",
                "`kind` and `role`",
            ),
            (
                "[fields]\nattendee = \"Email\"\n[defaults]\nreason = \"x\"",
                "[defaults] `reason`",
            ),
            (
                "[fields]\nattendee = \"Email\"\n[constants]\nattendee = \"1\"",
                "both in [fields] and [constants]",
            ),
        ];
        for (text, expected) in cases {
            let err = ImportMap::parse(text, ImportOf::Referrals).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
        let err = ImportMap::parse("[fields]\nfirst_name = \"A\"", ImportOf::People).unwrap_err();
        assert!(err.contains("needs a role"), "{err}");
        let err = ImportMap::parse(
            "role = \"org\"\n[fields]\nfirst_name = \"A\"",
            ImportOf::People,
        )
        .unwrap_err();
        assert!(err.contains("role"), "{err}");
        let err = ImportMap::parse(
            "kind = \"organisation\"\nrole = \"org\"\n[fields]\nsurname = \"A\"",
            ImportOf::People,
        )
        .unwrap_err();
        assert!(err.contains("surname"), "{err}");
    }
}
