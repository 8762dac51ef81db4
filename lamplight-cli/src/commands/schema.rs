//! `lamplight schema check|rust`: a charity's `lamplight.toml`, checked and summarised, or
//! turned into Rust structs to start from, as diesel's `print-schema` does for a database.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lamplight_client::{RecordKind, Role};
use lamplight_schema::{CustomField, FieldType, Schema};
use serde_json::json;

use crate::cli::{SchemaCommand, SchemaKind};
use crate::error::{CliError, Exit};
use crate::output;

/// The environment variable naming the schema, as the derive reads it at compile time.
pub const SCHEMA_VARIABLE: &str = "LAMPLIGHT_SCHEMA";

const KINDS: [RecordKind; 4] = [
    RecordKind::Referral,
    RecordKind::Person,
    RecordKind::Organisation,
    RecordKind::Family,
];

/// The schema file to use: `given`, else `LAMPLIGHT_SCHEMA`, else `./lamplight.toml` if it
/// exists. `None` when there is none.
///
/// ```
/// use std::path::Path;
///
/// let given = lamplight_cli::commands::schema::locate(Some(Path::new("system.toml")));
/// assert_eq!(given.as_deref(), Some(Path::new("system.toml")));
/// ```
pub fn locate(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_owned());
    }
    if let Some(path) = std::env::var_os(SCHEMA_VARIABLE).filter(|path| !path.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let local = Path::new("lamplight.toml");
    local.is_file().then(|| local.to_owned())
}

/// Runs `lamplight schema check` or `lamplight schema rust`, printing to standard output.
///
/// ```
/// use lamplight_cli::cli::SchemaCommand;
/// use lamplight_cli::Exit;
///
/// let dir = tempfile::tempdir()?;
/// let file = dir.path().join("lamplight.toml");
/// std::fs::write(&file, "[[fields.referral]]\nlabel = \"School year\"\ntype = \"number\"\n")?;
/// let check = SchemaCommand::Check { file: Some(file) };
/// assert_eq!(lamplight_cli::commands::schema::run(&check, true)?, Exit::Success);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(action: &SchemaCommand, json: bool) -> Result<Exit, CliError> {
    match action {
        SchemaCommand::Check { file } => {
            let (path, schema) = load(file.as_deref())?;
            print_summary(&path, &schema, json);
        }
        SchemaCommand::Rust { file, kind } => {
            let (path, schema) = load(file.as_deref())?;
            let kinds: Vec<RecordKind> = match kind {
                Some(kind) => vec![record_kind(*kind)],
                None => KINDS.to_vec(),
            };
            let source = rust_source(&schema, &path.display().to_string(), &kinds);
            if json {
                output::print_json(
                    &json!({ "schema": path.display().to_string(), "rust": source }),
                );
            } else {
                output::print(source.trim_end());
            }
        }
    }
    Ok(Exit::Success)
}

fn load(given: Option<&Path>) -> Result<(PathBuf, Schema), CliError> {
    let path = locate(given).ok_or_else(|| {
        CliError::usage(format!(
            "no schema: name the file (`lamplight schema check lamplight.toml`), set \
             {SCHEMA_VARIABLE}, or run where a lamplight.toml is"
        ))
    })?;
    let schema = Schema::from_file(&path).map_err(|err| CliError::usage(err.to_string()))?;
    Ok((path, schema))
}

fn record_kind(kind: SchemaKind) -> RecordKind {
    match kind {
        SchemaKind::Referral => RecordKind::Referral,
        SchemaKind::Person => RecordKind::Person,
        SchemaKind::Organisation => RecordKind::Organisation,
        SchemaKind::Family => RecordKind::Family,
    }
}

fn print_summary(path: &Path, schema: &Schema, json: bool) {
    let count = |kind: RecordKind, of: &dyn Fn(&CustomField) -> bool| {
        schema.fields(kind).iter().filter(|field| of(field)).count()
    };
    if json {
        let kinds: serde_json::Map<String, serde_json::Value> = KINDS
            .iter()
            .map(|kind| {
                (
                    kind_name(*kind).to_owned(),
                    json!({
                        "fields": schema.fields(*kind).len(),
                        "required": count(*kind, &|f| f.required),
                        "read_only": count(*kind, &|f| !f.writable),
                        "with_options": count(*kind, &|f| f.field_type.has_options()),
                    }),
                )
            })
            .collect();
        output::print_json(&json!({
            "schema": path.display().to_string(),
            "valid": true,
            "fields": kinds,
            "workareas": schema.workareas.len(),
            "sub_workareas": schema.workareas.iter().map(|a| a.children.len()).sum::<usize>(),
            "relationship_types": schema.relationship_types.len(),
            "groups": schema.groups.len(),
        }));
        return;
    }
    let rows = KINDS.iter().map(|kind| {
        vec![
            kind_name(*kind).to_owned(),
            schema.fields(*kind).len().to_string(),
            count(*kind, &|f| f.required).to_string(),
            count(*kind, &|f| !f.writable).to_string(),
            count(*kind, &|f| f.field_type.has_options()).to_string(),
        ]
    });
    output::print(&format!("{} is a valid schema.", path.display()));
    output::print(&output::table(
        &[
            "kind",
            "custom fields",
            "required",
            "read-only",
            "with options",
        ],
        rows,
    ));
    let areas: Vec<String> = schema
        .workareas
        .iter()
        .map(|area| {
            let children: Vec<String> = area
                .children
                .iter()
                .map(|child| format!("{} {}", child.id, child.name))
                .collect();
            if children.is_empty() {
                format!("{} {}", area.id, area.name)
            } else {
                format!("{} {} ({})", area.id, area.name, children.join(", "))
            }
        })
        .collect();
    output::print(&format!(
        "workareas: {}{}",
        areas.len(),
        if areas.is_empty() {
            String::new()
        } else {
            format!("\n  {}", areas.join("\n  "))
        }
    ));
    output::print(&format!(
        "relationship types: {}; groups: {}",
        schema.relationship_types.len(),
        schema.groups.len()
    ));
}

/// Rust source for `kinds` of `schema`: a `LamplightOption` enum for each field with options,
/// then a `LamplightRecord` struct per kind. `origin` names the file in the header comment.
///
/// ```
/// use lamplight_client::RecordKind;
///
/// let schema = lamplight_schema::Schema::from_toml_str(
///     "[[fields.referral]]\nlabel = \"How did you hear\"\ntype = \"select\"\n\
///      options = [{ id = 1, label = \"Word of mouth\" }]\n",
/// )?;
/// let source = lamplight_cli::commands::schema::rust_source(&schema, "lamplight.toml", &[RecordKind::Referral]);
/// assert!(source.contains("pub enum HowDidYouHear"));
/// assert!(source.contains("#[lamplight(rename = \"Word of mouth\")]"));
/// assert!(source.contains("pub how_did_you_hear: Option<HowDidYouHear>,"));
/// # Ok::<(), lamplight_schema::SchemaError>(())
/// ```
pub fn rust_source(schema: &Schema, origin: &str, kinds: &[RecordKind]) -> String {
    let mut source = format!(
        "// Generated by `lamplight schema rust` from {origin}: a starting point, to edit.\n\
         // Required fields are plain types and the others `Option`; fields the API may not\n\
         // write are left out. Date fields use the `time` crate (add it to Cargo.toml).\n\n\
         use lamplight::{{LamplightOption, LamplightRecord{}}};\n",
        if kinds.contains(&RecordKind::Referral) {
            ", ProfileRef"
        } else {
            ""
        }
    );
    let mut taken: BTreeSet<String> = kinds.iter().map(|kind| struct_name(*kind)).collect();
    let mut structs = String::new();
    for kind in kinds {
        let mut fields = String::new();
        for (name, ty) in builtins(*kind) {
            let _ = writeln!(fields, "    pub {name}: {ty},");
        }
        let mut field_names: BTreeSet<String> = builtins(*kind)
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        for field in schema.fields(*kind) {
            if !field.writable {
                let _ = writeln!(
                    fields,
                    "    // \"{}\" is left out: the schema says `writable = false`, so the API \
                     may not write it.",
                    escape(&field.label)
                );
                continue;
            }
            let ty = match field_type(field) {
                Ty::Plain(ty) => ty.to_owned(),
                Ty::Options { many } => {
                    let name = unique(&mut taken, &type_name(&field.label), *kind);
                    source.push('\n');
                    source.push_str(&option_enum(&name, field));
                    if many { format!("Vec<{name}>") } else { name }
                }
            };
            let ty = if field.required {
                ty
            } else {
                format!("Option<{ty}>")
            };
            let mut name = field_name(&field.label);
            while !field_names.insert(name.clone()) {
                name.push('_');
            }
            let _ = writeln!(
                fields,
                "    #[lamplight(rename = \"{}\")]",
                escape(&field.label)
            );
            let _ = writeln!(fields, "    pub {name}: {ty},");
        }
        let attribute = match kind {
            RecordKind::Referral => "referral".to_owned(),
            profile => format!(
                "{}, role = \"{}\"",
                kind_name(*profile),
                default_role(*profile)
            ),
        };
        let _ = write!(
            structs,
            "\n/// {}\n#[derive(Debug, Clone, LamplightRecord)]\n#[lamplight({attribute})]\n\
             pub struct {} {{\n{fields}}}\n",
            struct_doc(*kind),
            struct_name(*kind)
        );
    }
    source.push_str(&structs);
    source
}

enum Ty {
    Plain(&'static str),
    Options { many: bool },
}

fn field_type(field: &CustomField) -> Ty {
    match field.field_type {
        FieldType::Text => Ty::Plain("String"),
        FieldType::Number => Ty::Plain("f64"),
        FieldType::Date => Ty::Plain("time::Date"),
        FieldType::Checkbox if field.options.is_empty() => Ty::Plain("bool"),
        FieldType::Select | FieldType::Radio => Ty::Options { many: false },
        FieldType::MultiSelect | FieldType::Checkbox => Ty::Options { many: true },
    }
}

/// The built-in fields each struct starts with: what Lamplight needs to accept the record.
fn builtins(kind: RecordKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        RecordKind::Referral => &[
            ("attendee", "ProfileRef"),
            ("referrer", "Option<ProfileRef>"),
            ("reason", "Option<String>"),
        ],
        RecordKind::Person => &[
            ("first_name", "String"),
            ("surname", "String"),
            ("email", "Option<String>"),
        ],
        RecordKind::Organisation | RecordKind::Family => {
            &[("name", "String"), ("email", "Option<String>")]
        }
    }
}

/// The role a generated profile struct is written with. People and families are most often
/// the charity's service users (`user`); an organisation is most often a partner
/// organisation (`org`). Change it to the role the charity records.
fn default_role(kind: RecordKind) -> Role {
    match kind {
        RecordKind::Organisation => Role::Org,
        _ => Role::User,
    }
}

/// The kind as `#[lamplight(...)]` and `--kind` name it.
fn kind_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Referral => "referral",
        RecordKind::Person => "person",
        RecordKind::Organisation => "organisation",
        RecordKind::Family => "family",
    }
}

fn struct_name(kind: RecordKind) -> String {
    match kind {
        RecordKind::Referral => "Referral",
        RecordKind::Person => "Person",
        RecordKind::Organisation => "Organisation",
        RecordKind::Family => "Family",
    }
    .to_owned()
}

fn struct_doc(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Referral => "A referral, with the system's custom referral fields.",
        RecordKind::Person => {
            "A person's profile, as a service user (`role = \"user\"`; change it to the role \
             you record)."
        }
        RecordKind::Organisation => {
            "An organisation's profile, as a partner organisation (`role = \"org\"`; change it \
             to the role you record)."
        }
        RecordKind::Family => {
            "A family's profile, as a service user (`role = \"user\"`; change it to the role \
             you record)."
        }
    }
}

fn option_enum(name: &str, field: &CustomField) -> String {
    let mut text = format!(
        "/// The options of the field \"{}\".\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, LamplightOption)]\npub enum {name} {{\n",
        escape(&field.label)
    );
    let mut variants = BTreeSet::new();
    for option in &field.options {
        let mut variant = type_name(&option.label);
        if !variants.insert(variant.clone()) {
            variant = format!("{variant}{}", option.id);
            variants.insert(variant.clone());
        }
        if variant != option.label {
            let _ = writeln!(
                text,
                "    #[lamplight(rename = \"{}\")]",
                escape(&option.label)
            );
        }
        let _ = writeln!(text, "    {variant},");
    }
    text.push_str("}\n");
    text
}

/// A type name free in `taken`: the label's, else prefixed with the kind's.
fn unique(taken: &mut BTreeSet<String>, name: &str, kind: RecordKind) -> String {
    let mut candidate = name.to_owned();
    if taken.contains(&candidate) {
        candidate = format!("{}{name}", struct_name(kind));
    }
    while taken.contains(&candidate) {
        candidate.push('_');
    }
    taken.insert(candidate.clone());
    candidate
}

/// `Word of mouth` → `WordOfMouth`; a label starting with a digit gets a letter first.
fn type_name(label: &str) -> String {
    let mut name: String = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// `How did you hear` → `how_did_you_hear`, avoiding keywords.
fn field_name(label: &str) -> String {
    let mut name = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_");
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "field_");
    }
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
        "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "try", "type", "unsafe", "use", "where", "while", "yield",
    ];
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_identifiers() {
        assert_eq!(type_name("Word of mouth"), "WordOfMouth");
        assert_eq!(type_name("8-12 years"), "V812Years");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("How did you hear?"), "how_did_you_hear");
        assert_eq!(field_name("Type"), "type_");
        assert_eq!(field_name("2nd contact"), "field_2nd_contact");
    }

    #[test]
    fn every_kind_with_its_fields() -> Result<(), lamplight_schema::SchemaError> {
        let schema = Schema::from_toml_str(
            r#"
[[fields.referral]]
label = "How did you hear"
type = "select"
required = true
options = [{ id = 1, label = "Website" }, { id = 2, label = "Word of mouth" }]

[[fields.referral]]
label = "Risk score"
type = "number"
writable = false

[[fields.person]]
label = "Interests"
type = "multi-select"
options = [{ id = 3, label = "Sport" }]

[[fields.family]]
label = "Interests"
type = "checkbox"
options = [{ id = 4, label = "Sport" }]

[[fields.organisation]]
label = "Registered charity"
type = "checkbox"
"#,
        )?;
        let source = rust_source(&schema, "lamplight.toml", &KINDS);
        for expected in [
            "pub how_did_you_hear: HowDidYouHear,",
            "\"Risk score\" is left out",
            "pub interests: Option<Vec<Interests>>,",
            "pub interests: Option<Vec<FamilyInterests>>,",
            "pub registered_charity: Option<bool>,",
            "#[lamplight(person, role = \"user\")]",
            "#[lamplight(organisation, role = \"org\")]",
            "#[lamplight(family, role = \"user\")]",
            "#[lamplight(referral)]",
        ] {
            assert!(source.contains(expected), "{expected}\n{source}");
        }
        assert!(!source.contains("risk_score"), "{source}");
        Ok(())
    }
}
