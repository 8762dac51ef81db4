//! Turning text (from flags or CSV cells) into the fields of a [`DynamicRecord`], with the same
//! naming rules and checks as derived records, plus a few checks of built-in values that give a
//! clearer message than the server would.

use lamplight_client::{DynamicRecord, Postcode, ProfileRef, WorkareaId};
use lamplight_core::schema::builtin_for;

use crate::dates::DateFormat;

/// One field's values, as text: one value, or several for a multi-select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldText {
    /// The field's built-in name or custom label.
    pub name: String,
    /// One value, or several, which are sent as a list.
    pub values: Vec<String>,
    /// Whether to send it as a list even with one value.
    pub list: bool,
}

/// Groups `(label, value, list)` triples by label, keeping the order labels first appear in:
/// a label given several times becomes a multi-select.
pub fn group<I>(items: I) -> Vec<FieldText>
where
    I: IntoIterator<Item = (String, String, bool)>,
{
    let mut fields: Vec<FieldText> = Vec::new();
    for (name, value, list) in items {
        match fields.iter_mut().find(|field| field.name == name) {
            Some(field) => {
                field.values.push(value);
                field.list |= list;
            }
            None => fields.push(FieldText {
                name,
                values: vec![value],
                list,
            }),
        }
    }
    fields
}

/// Sets `field` on `record`, checking the values of built-ins that have a known shape:
/// attendee and referrer (a profile id or email), workareas (ids), dates (read with `dates`,
/// sent as Lamplight takes them), postcodes and flags.
///
/// The error is a sentence about the value, to be prefixed with where it came from.
pub fn apply<K>(
    record: DynamicRecord<K>,
    field: &FieldText,
    dates: &DateFormat,
) -> Result<DynamicRecord<K>, String> {
    let name = field.name.as_str();
    let wire = builtin_for(record.kind(), name).map(|builtin| builtin.wire_name);
    let single = || -> Result<&str, String> {
        match field.values.as_slice() {
            [one] if !field.list => Ok(one.trim()),
            _ => Err(format!("`{name}` takes one value, not a list")),
        }
    };
    let record = match wire {
        Some("attendee" | "referrer") => {
            let text = single()?;
            let profile: ProfileRef = text.parse().map_err(|err| format!("{err}"))?;
            record.set(name, profile)
        }
        Some("workareaid") => {
            let ids = parse_ids(single()?)?;
            record.set(name, WorkareaId::many(ids))
        }
        Some("date_from") => record.set(name, dates.normalise(single()?)?),
        Some("postcode") => {
            let text = single()?;
            if text.is_empty() {
                record.set(name, "")
            } else {
                let postcode = Postcode::parse(text).map_err(|err| format!("{err}"))?;
                record.set(name, postcode)
            }
        }
        Some("publishable" | "publish_update") => record.set(name, parse_flag(single()?)?),
        Some(_) => record.set(name, single()?),
        None if field.list || field.values.len() > 1 => {
            record.set_many(name, field.values.iter().map(|v| v.trim().to_owned()))
        }
        None => record.set(name, single()?),
    };
    Ok(record)
}

/// Workarea ids: `3` or `3,7`.
pub fn parse_ids(text: &str) -> Result<Vec<u64>, String> {
    let ids = text
        .split(',')
        .map(|part| {
            part.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{}` is not a workarea id", part.trim()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Err("no workarea id given".to_owned());
    }
    Ok(ids)
}

/// `1`/`0`, `true`/`false`, `yes`/`no` (any case).
pub fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" => Ok(true),
        "0" | "false" | "no" | "n" => Ok(false),
        _ => Err(format!("`{text}` is not a yes/no value; use 1 or 0")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lamplight_client::Record;

    fn text(name: &str, values: &[&str]) -> FieldText {
        FieldText {
            name: name.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            list: false,
        }
    }

    #[test]
    fn repeated_labels_become_lists() {
        let fields = group([
            ("A".to_owned(), "1".to_owned(), false),
            ("B".to_owned(), "2".to_owned(), false),
            ("A".to_owned(), "3".to_owned(), false),
        ]);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].values, ["1", "3"]);
    }

    #[test]
    fn builtins_are_checked() -> Result<(), String> {
        let mut record = DynamicRecord::referral();
        for field in [
            text("attendee", &["sam@example.org"]),
            text("workarea", &["11, 12"]),
            text("date", &["01/03/2024 13:13"]),
            text("Support needed", &["Confidence", "Education"]),
        ] {
            record = apply(record, &field, &DateFormat::uk())?;
        }
        let form = record.to_form().map_err(|e| e.to_string())?;
        assert_eq!(
            form.to_string(),
            "attendee=sam%40example.org&workareaid=11%2C12&date_from=2024-03-01+13%3A13%3A00\
             &Support_needed[0]=Confidence&Support_needed[1]=Education"
        );
        let bad = |field: FieldText| {
            apply(DynamicRecord::referral(), &field, &DateFormat::uk()).unwrap_err()
        };
        assert!(bad(text("attendee", &["not an email"])).contains("not an email"));
        assert!(bad(text("workarea", &["x"])).contains("workarea id"));
        assert!(bad(text("date", &["31/02/2024"])).contains("expected DD/MM/YYYY"));
        assert!(bad(text("reason", &["a", "b"])).contains("one value"));
        let person = apply(
            DynamicRecord::person(lamplight_client::Role::User),
            &text("postcode", &["sw1a1aa"]),
            &DateFormat::uk(),
        )?;
        assert_eq!(
            person.to_form().map_err(|e| e.to_string())?.get("postcode"),
            Some("SW1A 1AA")
        );
        let err = apply(
            DynamicRecord::person(lamplight_client::Role::User),
            &text("publishable", &["maybe"]),
            &DateFormat::uk(),
        )
        .unwrap_err();
        assert!(err.contains("yes/no"), "{err}");
        Ok(())
    }
}
