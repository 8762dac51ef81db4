//! An import checked against the system's `lamplight.toml` before anything is sent: the map's
//! custom fields must exist, be writable and cover the required ones, and each row's values
//! must suit their field's type and options. Lamplight ignores an unknown custom field
//! silently, so without these checks a misspelt label is lost data.

use std::path::{Path, PathBuf};

use lamplight_client::RecordKind;
use lamplight_core::schema::builtin_for;
use lamplight_schema::{CustomField, FieldType, Schema};

use super::map::ImportMap;
use crate::dates::DateFormat;
use crate::fields::{FieldText, parse_flag};

/// A schema, and the kind of record the import writes.
#[derive(Debug)]
pub struct SchemaCheck {
    schema: Schema,
    kind: RecordKind,
    path: PathBuf,
}

impl SchemaCheck {
    /// Checks imports of `kind` against `schema`, read from `path`.
    pub fn new(schema: Schema, kind: RecordKind, path: &Path) -> SchemaCheck {
        SchemaCheck {
            schema,
            kind,
            path: path.to_owned(),
        }
    }

    /// Every problem with the map: custom labels the system does not have (with the nearest
    /// one), fields the API may not write, required fields the map does not give, and
    /// constants that do not suit their field. Constants come back in the schema's spelling.
    pub fn check_map(&self, map: &mut ImportMap, dates: &DateFormat) -> Vec<String> {
        let mut problems = Vec::new();
        let names: Vec<(String, &'static str)> = map
            .columns
            .iter()
            .map(|column| (column.field.clone(), "[fields]"))
            .chain(
                map.constants
                    .iter()
                    .map(|constant| (constant.name.clone(), "[constants]")),
            )
            .collect();
        for (name, section) in &names {
            if builtin_for(self.kind, name).is_some() {
                continue;
            }
            match self.schema.field(self.kind, name) {
                None => problems.push(self.unknown(section, name)),
                Some(field) if !field.writable => problems.push(format!(
                    "{section} `{name}`: {} marks this field `writable = false`: Lamplight does \
                     not let the API write it. Remove it from the map",
                    self.path.display()
                )),
                Some(_) => {}
            }
        }
        for field in self.schema.fields(self.kind) {
            if field.required && !names.iter().any(|(name, _)| field.matches(name)) {
                problems.push(format!(
                    "`{}` is a required field of {} in {}, and the map gives it neither a column \
                     nor a constant",
                    field.label,
                    plural(self.kind),
                    self.path.display()
                ));
            }
        }
        for constant in &mut map.constants {
            match self.value(constant.clone(), dates) {
                Ok(checked) => *constant = checked,
                Err(why) => problems.push(format!("[constants] `{}`: {why}", constant.name)),
            }
        }
        problems
    }

    /// Whether the custom field `name` is required (and so an empty cell is a problem).
    pub fn required(&self, name: &str) -> bool {
        self.schema
            .field(self.kind, name)
            .is_some_and(|field| field.required)
    }

    /// One field's values, checked against its type and options and spelt as the schema
    /// spells them. A built-in field passes through unchanged.
    pub fn value(&self, text: FieldText, dates: &DateFormat) -> Result<FieldText, String> {
        if builtin_for(self.kind, &text.name).is_some() {
            return Ok(text);
        }
        let Some(field) = self.schema.field(self.kind, &text.name) else {
            return Err(self.unknown("field", &text.name));
        };
        check_value(field, text, dates)
    }

    fn unknown(&self, section: &str, name: &str) -> String {
        let labels: Vec<String> = self
            .schema
            .fields(self.kind)
            .iter()
            .map(|field| format!("`{}`", field.label))
            .collect();
        let hint = match self.schema.suggest(self.kind, name) {
            Some(nearest) => format!("; did you mean `{nearest}`?"),
            None => ".".to_owned(),
        };
        let known = if labels.is_empty() {
            format!("It defines no custom fields for {}.", plural(self.kind))
        } else {
            format!(
                "The custom fields of {} are: {}.",
                plural(self.kind),
                labels.join(", ")
            )
        };
        format!(
            "{section} `{name}` is not a custom field of {} in {}{hint} {known}",
            plural(self.kind),
            self.path.display()
        )
    }
}

fn plural(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Referral => "referrals",
        RecordKind::Person => "people",
        RecordKind::Organisation => "organisations",
        RecordKind::Family => "families",
    }
}

/// `text` checked against `field`, in the schema's spelling.
fn check_value(
    field: &CustomField,
    mut text: FieldText,
    dates: &DateFormat,
) -> Result<FieldText, String> {
    text.name = field.label.clone();
    let single = |text: &FieldText| -> Result<String, String> {
        match text.values.as_slice() {
            [one] => Ok(one.trim().to_owned()),
            _ => Err(format!(
                "`{}` is a {} field and takes one value, not a list",
                field.label,
                field.field_type.as_str()
            )),
        }
    };
    match field.field_type {
        FieldType::Text => {}
        FieldType::Number => {
            for value in &text.values {
                let number = value.trim().parse::<f64>();
                if !number.is_ok_and(f64::is_finite) {
                    return Err(format!(
                        "`{value}` is not a number, and `{}` is a number field",
                        field.label
                    ));
                }
            }
        }
        FieldType::Date => {
            let value = single(&text)?;
            text.values = vec![dates.normalise(&value)?];
            text.list = false;
        }
        FieldType::Select | FieldType::Radio => {
            let value = single(&text)?;
            text.values = vec![option(field, &value)?];
            text.list = false;
        }
        FieldType::Checkbox if field.options.is_empty() => {
            let value = single(&text)?;
            let flag = parse_flag(&value)?;
            text.values = vec![if flag { "1" } else { "0" }.to_owned()];
            text.list = false;
        }
        FieldType::MultiSelect | FieldType::Checkbox => {
            text.values = text
                .values
                .iter()
                .map(|value| option(field, value.trim()))
                .collect::<Result<_, _>>()?;
            text.list = true;
        }
    }
    Ok(text)
}

/// The option whose label is `value` (ignoring case), in the schema's spelling.
fn option(field: &CustomField, value: &str) -> Result<String, String> {
    if let Some(option) = field.option(value) {
        return Ok(option.label.clone());
    }
    let labels = field.options.iter().map(|option| option.label.as_str());
    let hint = match lamplight_schema::nearest(value, labels.clone()) {
        Some(nearest) => format!("; did you mean `{nearest}`?"),
        None => ".".to_owned(),
    };
    let all: Vec<String> = labels.map(|label| format!("`{label}`")).collect();
    Err(format!(
        "`{value}` is not an option of `{}`{hint} Its options are: {}",
        field.label,
        all.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::map::ImportOf;

    const SCHEMA: &str = r#"
[[fields.referral]]
label = "How did you hear"
type = "select"
required = true
options = [{ id = 1, label = "Website" }, { id = 2, label = "Word of mouth" }]

[[fields.referral]]
label = "School year"
type = "number"

[[fields.referral]]
label = "Support needed"
type = "multi-select"
options = [{ id = 3, label = "Confidence" }, { id = 4, label = "Education" }]

[[fields.referral]]
label = "First contact"
type = "date"

[[fields.referral]]
label = "Consent given"
type = "checkbox"

[[fields.referral]]
label = "Risk score"
type = "number"
writable = false
"#;

    fn check() -> SchemaCheck {
        let schema = Schema::from_toml_str(SCHEMA).expect("a schema");
        SchemaCheck::new(schema, RecordKind::Referral, Path::new("lamplight.toml"))
    }

    fn text(name: &str, values: &[&str]) -> FieldText {
        FieldText {
            name: name.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            list: false,
        }
    }

    #[test]
    fn every_map_problem_is_reported_at_once() {
        let mut map = ImportMap::parse(
            "[fields]\nattendee = \"Email\"\n\"How did you here\" = \"Source\"\n\
             \"Risk score\" = \"Risk\"\n[constants]\n\"Support needed\" = [\"Confidense\"]\n",
            ImportOf::Referrals,
        )
        .expect("a map");
        let problems = check().check_map(&mut map, &DateFormat::uk());
        assert_eq!(problems.len(), 4, "{problems:#?}");
        let all = problems.join("\n");
        assert!(all.contains("did you mean `How did you hear`?"), "{all}");
        assert!(all.contains("writable = false"), "{all}");
        assert!(
            all.contains("`How did you hear` is a required field"),
            "{all}"
        );
        assert!(all.contains("did you mean `Confidence`?"), "{all}");
    }

    #[test]
    fn values_are_checked_and_spelt_as_the_schema_spells_them() {
        let check = check();
        let dates = DateFormat::uk();
        let ok = |name: &str, values: &[&str]| check.value(text(name, values), &dates).unwrap();
        let heard = ok("how_did_you_hear", &["website"]);
        assert_eq!(
            (heard.name.as_str(), heard.values[0].as_str()),
            ("How did you hear", "Website")
        );
        assert_eq!(
            ok("First contact", &["31/01/2026 9:30"]).values,
            ["2026-01-31 09:30:00"]
        );
        assert_eq!(ok("Consent given", &["yes"]).values, ["1"]);
        assert!(ok("Support needed", &["education"]).list);
        assert_eq!(ok("attendee", &["653"]).values, ["653"]);
        let bad =
            |name: &str, values: &[&str]| check.value(text(name, values), &dates).unwrap_err();
        assert!(bad("How did you hear", &["Webiste"]).contains("did you mean `Website`?"));
        assert!(bad("School year", &["nine"]).contains("is not a number"));
        assert!(bad("First contact", &["31/02/2026"]).contains("expected DD/MM/YYYY"));
        assert!(bad("How did you hear", &["Website", "Poster"]).contains("one value"));
        assert!(bad("Favourite colour", &["red"]).contains("not a custom field"));
    }
}
