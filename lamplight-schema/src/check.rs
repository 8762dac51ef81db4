//! The rules that span several entries of a schema.

use std::collections::BTreeSet;

use lamplight_core::RecordKind;
use lamplight_core::schema::{LabelError, RESERVED, builtins, check_label};

use crate::{CustomField, Schema, same_label};

/// One step of the way from the document's root to a value: a key or an array index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// A broken rule and the value it is about.
#[derive(Debug)]
pub(crate) struct Problem {
    pub(crate) at: Vec<Step>,
    pub(crate) message: String,
}

fn problem(at: Vec<Step>, message: String) -> Problem {
    Problem { at, message }
}

use Step::{Index, Key};

const KINDS: [(RecordKind, &str); 4] = [
    (RecordKind::Referral, "referral"),
    (RecordKind::Person, "person"),
    (RecordKind::Organisation, "organisation"),
    (RecordKind::Family, "family"),
];

pub(crate) fn check(schema: &Schema) -> Result<(), Problem> {
    for (kind, name) in KINDS {
        check_fields(kind, name, schema.fields(kind))?;
    }
    let mut workareas = BTreeSet::new();
    for (i, area) in schema.workareas.iter().enumerate() {
        if !workareas.insert(area.id) {
            return Err(twice(
                "workarea",
                area.id,
                vec![Key("workareas"), Index(i), Key("id")],
            ));
        }
        for (j, child) in area.children.iter().enumerate() {
            if !workareas.insert(child.id) {
                let at = vec![
                    Key("workareas"),
                    Index(i),
                    Key("children"),
                    Index(j),
                    Key("id"),
                ];
                return Err(twice("workarea", child.id, at));
            }
        }
    }
    unique(
        "relationship type",
        "relationship_types",
        schema.relationship_types.iter().map(|t| t.id),
    )?;
    unique("group", "groups", schema.groups.iter().map(|g| g.id))
}

fn twice(what: &str, id: u64, at: Vec<Step>) -> Problem {
    problem(
        at,
        format!("{what} id {id} is defined twice; ids must be unique"),
    )
}

fn unique(
    what: &str,
    section: &'static str,
    ids: impl Iterator<Item = u64>,
) -> Result<(), Problem> {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(twice(what, id, vec![Key(section), Index(i), Key("id")]));
        }
    }
    Ok(())
}

fn check_fields(
    kind: RecordKind,
    name: &'static str,
    fields: &[CustomField],
) -> Result<(), Problem> {
    let at = |i: usize, key: &'static str| vec![Key("fields"), Key(name), Index(i), Key(key)];
    let mut ids = BTreeSet::new();
    for (i, field) in fields.iter().enumerate() {
        let label = &field.label;
        if let Err(error) = check_label(label) {
            return Err(problem(at(i, "label"), label_message(name, label, &error)));
        }
        let wire = field.wire_name();
        if let Some(clash) = RESERVED
            .iter()
            .copied()
            .chain(builtins(kind).map(|builtin| builtin.wire_name))
            .find(|builtin| same_label(builtin, &wire))
        {
            return Err(problem(
                at(i, "label"),
                format!(
                    "{name} field '{label}' would be sent as `{wire}`, which is Lamplight's own \
                     `{clash}` parameter; a custom field needs a label of its own"
                ),
            ));
        }
        if let Some(earlier) = fields[..i]
            .iter()
            .find(|other| same_label(&other.label, label))
        {
            return Err(problem(
                at(i, "label"),
                format!(
                    "{name} field '{label}' is defined twice (as '{}' too); Lamplight matches \
                     labels ignoring case, with spaces and `_` alike",
                    earlier.label
                ),
            ));
        }
        if let Some(id) = field.id
            && !ids.insert(id)
        {
            return Err(twice(&format!("{name} field"), id, at(i, "id")));
        }
        check_options(name, field).map_err(|(key, index, message)| {
            let mut path = at(i, key);
            path.extend(index.into_iter().flat_map(|j| [Index(j), Key("label")]));
            problem(path, message)
        })?;
    }
    Ok(())
}

type OptionProblem = (&'static str, Option<usize>, String);

fn check_options(kind: &str, field: &CustomField) -> Result<(), OptionProblem> {
    let label = &field.label;
    let field_type = field.field_type.as_str();
    let needs_options =
        field.field_type.has_options() && !matches!(field.field_type, crate::FieldType::Checkbox);
    if needs_options && field.options.is_empty() {
        return Err((
            "type",
            None,
            format!("{kind} field '{label}' is a {field_type} field, so it needs `options`"),
        ));
    }
    if !field.field_type.has_options() && !field.options.is_empty() {
        return Err((
            "options",
            None,
            format!(
                "{kind} field '{label}' is a {field_type} field, which takes no options; \
                 use select, radio, multi-select or checkbox"
            ),
        ));
    }
    let mut ids = BTreeSet::new();
    for (j, option) in field.options.iter().enumerate() {
        let text = &option.label;
        if text.trim().is_empty() {
            return Err((
                "options",
                Some(j),
                format!("an option of {kind} field '{label}' has an empty label"),
            ));
        }
        if let Some(tag) = lamplight_core::find_html_tag(text) {
            return Err((
                "options",
                Some(j),
                format!(
                    "option '{text}' of {kind} field '{label}' holds `{tag}`, which Lamplight \
                     refuses as HTML"
                ),
            ));
        }
        if field.options[..j]
            .iter()
            .any(|other| other.label.to_lowercase() == text.to_lowercase())
        {
            return Err((
                "options",
                Some(j),
                format!("{kind} field '{label}' has the option '{text}' twice"),
            ));
        }
        if !ids.insert(option.id) {
            return Err((
                "options",
                Some(j),
                format!(
                    "{kind} field '{label}' has option id {} twice; ids must be unique",
                    option.id
                ),
            ));
        }
    }
    Ok(())
}

fn label_message(kind: &str, label: &str, error: &LabelError) -> String {
    let why = match error {
        LabelError::Empty => {
            "is empty; copy the label exactly as Lamplight's admin screen shows it".to_owned()
        }
        LabelError::Underscore => "contains `_`, which stands for a space on the wire, so the API \
                                   cannot address it reliably; rename the field in Lamplight"
            .to_owned(),
        LabelError::OuterSpace => "starts or ends with a space; Lamplight trims labels".to_owned(),
        LabelError::DoubleSpace => "has two spaces in a row; use one".to_owned(),
        LabelError::Unaddressable(c) => format!(
            "contains `{c}`, which the server rewrites in parameter names, so the API cannot \
             address it; rename the field in Lamplight, or use its id on a profile"
        ),
        LabelError::Control => "holds a control character such as a newline or tab".to_owned(),
        _ => error.to_string(),
    };
    format!("{kind} field label '{label}' {why}")
}

#[cfg(test)]
mod tests {
    use crate::Schema;

    fn refused(text: &str) -> String {
        Schema::from_toml_str(text).unwrap_err().to_string()
    }

    #[test]
    fn each_rule_is_enforced() {
        let cases = [
            (
                "[[fields.referral]]\nlabel = \"Heard_via\"\ntype = \"text\"\n",
                "contains `_`",
            ),
            (
                "[[fields.person]]\nlabel = \"Email\"\ntype = \"text\"\n",
                "Lamplight's own `email`",
            ),
            (
                "[[fields.person]]\nlabel = \"role\"\ntype = \"text\"\n",
                "own `role`",
            ),
            (
                "[[fields.person]]\nlabel = \"A\"\ntype = \"select\"\n",
                "needs `options`",
            ),
            (
                "[[fields.person]]\nlabel = \"A\"\ntype = \"text\"\noptions = [{ id = 1, label = \"x\" }]\n",
                "takes no options",
            ),
            (
                "[[fields.person]]\nlabel = \"A\"\ntype = \"radio\"\noptions = [{ id = 1, label = \"x\" }, { id = 2, label = \"X\" }]\n",
                "the option 'X' twice",
            ),
            (
                "[[fields.person]]\nlabel = \"A\"\ntype = \"radio\"\noptions = [{ id = 1, label = \"x\" }, { id = 1, label = \"y\" }]\n",
                "option id 1 twice",
            ),
            (
                "[[fields.person]]\nlabel = \"A\"\ntype = \"radio\"\noptions = [{ id = 1, label = \"<b>x</b>\" }]\n",
                "refuses as HTML",
            ),
            (
                "[[fields.person]]\nid = 4\nlabel = \"A\"\ntype = \"text\"\n[[fields.person]]\nid = 4\nlabel = \"B\"\ntype = \"text\"\n",
                "person field id 4 is defined twice",
            ),
            (
                "[[workareas]]\nid = 1\nname = \"A\"\nchildren = [{ id = 1, name = \"B\" }]\n",
                "workarea id 1 is defined twice",
            ),
            (
                "[[groups]]\nid = 1\nname = \"A\"\nkind = \"manual\"\n[[groups]]\nid = 1\nname = \"B\"\nkind = \"manual\"\n",
                "group id 1",
            ),
        ];
        for (text, expected) in cases {
            let message = refused(text);
            assert!(message.contains(expected), "{text:?} gave {message:?}");
            assert!(message.starts_with("line "), "no location in {message:?}");
        }
    }

    #[test]
    fn an_option_problem_points_at_the_option() {
        let text = "[[fields.person]]\nlabel = \"A\"\ntype = \"radio\"\noptions = [\n  { id = 1, label = \"x\" },\n  { id = 2, label = \"x\" },\n]\n";
        let error = Schema::from_toml_str(text).unwrap_err();
        assert_eq!((error.line(), error.column()), (Some(6), Some(21)));
    }

    #[test]
    fn a_checkbox_may_have_options_or_none() {
        Schema::from_toml_str("[[fields.person]]\nlabel = \"Consent\"\ntype = \"checkbox\"\n")
            .unwrap();
        Schema::from_toml_str(
            "[[fields.person]]\nlabel = \"Needs\"\ntype = \"checkbox\"\noptions = [{ id = 1, label = \"Ramp\" }]\n",
        )
        .unwrap();
    }
}
