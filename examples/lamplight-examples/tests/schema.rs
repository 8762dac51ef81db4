//! The examples' records against the demo charity's `lamplight.toml`: every custom field they
//! send is one the system has, the API may write it, its Rust type carries the field's type, and
//! every option they can send is one of its options. Then the quickstart runs against a sandbox
//! serving the same file.

use std::path::PathBuf;

use lamplight::{FieldInfo, Record, RecordKind, ValueKind};
use lamplight_examples::quickstart::{self, Referrer, YoungPerson, YouthReferral};
use lamplight_sandbox::{Config, Sandbox};
use lamplight_schema::{FieldType, Schema};

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lamplight.toml")
}

/// What is wrong with `fields` against the schema's fields of `kind`, one line per mistake.
fn mismatches(
    schema: &Schema,
    kind: RecordKind,
    record: &str,
    fields: &[FieldInfo],
) -> Vec<String> {
    let mut wrong = Vec::new();
    for field in fields.iter().filter(|field| field.is_custom()) {
        let Some(defined) = schema.field(kind, field.label) else {
            wrong.push(format!(
                "{record}.{}: `{}` is not a custom field of this system's {kind:?} records",
                field.rust_name, field.label
            ));
            continue;
        };
        if !defined.writable {
            wrong.push(format!(
                "{record}.{}: `{}` is not writable",
                field.rust_name, field.label
            ));
        }
        let carries = match (defined.field_type, field.kind) {
            (FieldType::Text, ValueKind::Text) => true,
            (FieldType::Number, ValueKind::Integer | ValueKind::Decimal) => true,
            (FieldType::Date, ValueKind::Date | ValueKind::DateTime) => true,
            (FieldType::Checkbox, ValueKind::Flag) => defined.options.is_empty(),
            (FieldType::Select | FieldType::Radio, ValueKind::Select(_) | ValueKind::Text) => true,
            (FieldType::MultiSelect | FieldType::Checkbox, ValueKind::MultiSelect(_)) => true,
            _ => false,
        };
        if !carries {
            wrong.push(format!(
                "{record}.{}: a {:?} cannot carry `{}`, a {} field",
                field.rust_name,
                field.kind,
                field.label,
                defined.field_type.as_str()
            ));
        }
        for option in field.option_labels() {
            if defined.option(option).is_none() {
                wrong.push(format!(
                    "{record}.{}: `{option}` is not an option of `{}`",
                    field.rust_name, field.label
                ));
            }
        }
    }
    for defined in schema.fields(kind).iter().filter(|field| field.required) {
        if !fields.iter().any(|field| defined.matches(field.label)) {
            wrong.push(format!(
                "{record}: the required field `{}` is missing",
                defined.label
            ));
        }
    }
    wrong
}

#[test]
fn the_examples_records_match_the_demo_charitys_schema() {
    let schema = Schema::from_file(schema_path()).expect("lamplight.toml parses");
    let mut wrong = Vec::new();
    wrong.extend(mismatches(
        &schema,
        RecordKind::Person,
        "YoungPerson",
        YoungPerson::FIELDS,
    ));
    wrong.extend(mismatches(
        &schema,
        RecordKind::Person,
        "Referrer",
        Referrer::FIELDS,
    ));
    wrong.extend(mismatches(
        &schema,
        RecordKind::Referral,
        "YouthReferral",
        YouthReferral::FIELDS,
    ));
    assert!(
        wrong.is_empty(),
        "the records disagree with lamplight.toml:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_mistyped_label_is_caught_by_the_check() {
    // The check itself must be able to fail: a referral field the system does not have, and an
    // option it does not offer.
    let schema = Schema::from_file(schema_path()).expect("lamplight.toml parses");
    let mut fields = YouthReferral::FIELDS.to_vec();
    let heard = fields
        .iter()
        .position(|field| field.label == "How did you hear")
        .expect("the referral sends How did you hear");
    fields[heard].label = "How did you here";
    let wrong = mismatches(&schema, RecordKind::Referral, "YouthReferral", &fields);
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(
        wrong[0].contains("`How did you here` is not a custom field"),
        "{wrong:?}"
    );
}

#[tokio::test]
async fn the_quickstart_runs_against_a_sandbox_serving_the_same_file() {
    let config = Config::from_file(schema_path()).expect("the sandbox reads lamplight.toml");
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let creds = sandbox.credentials();
    let client = lamplight::Client::builder()
        .credentials(lamplight::Credentials::new(
            creds.lampid,
            creds.project,
            creds.key,
        ))
        .base_url(&sandbox.base_url())
        .build()
        .expect("a client");
    let intake = quickstart::run(&client, |_| {})
        .await
        .expect("the flow runs against the system lamplight.toml describes");
    // The file describes the system, not its sessions: nothing to book onto.
    assert_eq!(intake.session, None);
    let state = sandbox.state();
    let referral = state
        .referral(intake.referral)
        .expect("the referral is stored");
    let heard = referral
        .custom
        .get("How did you hear")
        .map(|v| v.values().to_vec());
    assert_eq!(heard, Some(vec!["School".to_owned()]));
    sandbox.shutdown().await;
}
