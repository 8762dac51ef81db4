//! `referral add`, `profile add|update`, `attend`.

use lamplight_client::dynamic::{DynamicKind, DynamicProfileKind};
use lamplight_client::{Attendance, Client, DynamicRecord, ProfileId, Role};
use serde_json::json;

use crate::cli::{AttendArgs, ProfileFieldArgs, ProfileKindArg, ReferralAddArgs};
use crate::dates::DateFormat;
use crate::error::{CliError, Exit};
use crate::fields::{self, FieldText};
use crate::output;

fn one(name: &str, value: impl Into<String>) -> FieldText {
    FieldText {
        name: name.to_owned(),
        values: vec![value.into()],
        list: false,
    }
}

fn build<K: DynamicKind>(
    mut record: DynamicRecord<K>,
    fields: &[FieldText],
) -> Result<DynamicRecord<K>, CliError> {
    for field in fields {
        record = fields::apply(record, field, &DateFormat::uk())
            .map_err(|reason| CliError::usage(format!("field `{}`: {reason}", field.name)))?;
    }
    Ok(record)
}

/// `lamplight referral add`.
pub async fn referral_add(
    client: &Client,
    args: &ReferralAddArgs,
    json: bool,
) -> Result<Exit, CliError> {
    let mut record = DynamicRecord::referral().set("attendee", args.attendee.clone());
    if let Some(referrer) = &args.referrer {
        record = record.set("referrer", referrer.clone());
    }
    let mut builtins = Vec::new();
    if let Some(reason) = &args.reason {
        builtins.push(one("reason", reason.as_str()));
    }
    if let Some(date) = &args.date {
        builtins.push(one("date", date.as_str()));
    }
    if !args.workarea.is_empty() {
        let ids: Vec<String> = args.workarea.iter().map(u64::to_string).collect();
        builtins.push(one("workarea", ids.join(",")));
    }
    let custom = fields::group(
        args.field
            .iter()
            .map(|a| (a.label.clone(), a.value.clone(), a.list)),
    );
    record = build(record, &builtins)?;
    record = build(record, &custom)?;
    let created = client.create(&record).await?;
    if json {
        output::print_json(&json!({"kind": "referral", "id": created.id}));
    } else {
        output::print(&format!("referral {} created", created.id));
    }
    Ok(Exit::Success)
}

fn profile_fields(args: &ProfileFieldArgs) -> Result<Vec<FieldText>, CliError> {
    let mut fields = Vec::new();
    let core = [
        ("first_name", &args.first_name),
        ("surname", &args.surname),
        ("name", &args.name),
        ("postcode", &args.postcode),
        ("mobile", &args.mobile),
        ("phone", &args.phone),
        ("email", &args.email),
        ("web", &args.web),
    ];
    for (name, value) in core {
        if let Some(value) = value {
            fields.push(one(name, value.as_str()));
        }
    }
    if args.address.len() > 5 {
        return Err(CliError::usage(
            "Lamplight has five address lines; --address was given more often",
        ));
    }
    for (index, line) in args.address.iter().enumerate() {
        fields.push(one(&format!("address_line_{}", index + 1), line.as_str()));
    }
    for (name, flag) in [
        ("publishable", args.publishable),
        ("publish_update", args.publish_update),
    ] {
        if let Some(flag) = flag {
            fields.push(one(name, if flag { "1" } else { "0" }));
        }
    }
    fields.extend(fields::group(
        args.field
            .iter()
            .map(|a| (a.label.clone(), a.value.clone(), a.list)),
    ));
    Ok(fields)
}

fn profile_record<K: DynamicProfileKind>(
    record: DynamicRecord<K>,
    args: &ProfileFieldArgs,
) -> Result<DynamicRecord<K>, CliError> {
    let mut record = build(record, &profile_fields(args)?)?;
    for (id, value) in &args.field_id {
        record = record.set_field_id(*id, value.as_str());
    }
    Ok(record)
}

/// `lamplight profile add` (`update` when `id` is given).
pub async fn profile_write(
    client: &Client,
    id: Option<u64>,
    args: &ProfileFieldArgs,
    json: bool,
) -> Result<Exit, CliError> {
    let role: Role = args.role;
    let written = match args.kind {
        ProfileKindArg::Person => {
            send(
                client,
                id,
                profile_record(DynamicRecord::person(role), args)?,
            )
            .await?
        }
        ProfileKindArg::Organisation => {
            send(
                client,
                id,
                profile_record(DynamicRecord::organisation(role), args)?,
            )
            .await?
        }
        ProfileKindArg::Family => {
            send(
                client,
                id,
                profile_record(DynamicRecord::family(role), args)?,
            )
            .await?
        }
    };
    let kind = match args.kind {
        ProfileKindArg::Person => "person",
        ProfileKindArg::Organisation => "organisation",
        ProfileKindArg::Family => "family",
    };
    let action = if id.is_some() { "updated" } else { "created" };
    if json {
        output::print_json(&json!({"kind": kind, "id": written, "action": action}));
    } else {
        output::print(&format!("{kind} {written} {action}"));
    }
    Ok(Exit::Success)
}

async fn send<K: DynamicProfileKind>(
    client: &Client,
    id: Option<u64>,
    record: DynamicRecord<K>,
) -> Result<u64, CliError> {
    match id {
        Some(id) => {
            client.update(ProfileId(id), &record).await?;
            Ok(id)
        }
        None => Ok(client.create(&record).await?.id.get()),
    }
}

/// `lamplight attend`. Exit 1 when any work record refused the attendee.
pub async fn attend(client: &Client, args: &AttendArgs, json: bool) -> Result<Exit, CliError> {
    let mut attendance = Attendance::new(args.work.iter().copied(), args.attendee.clone());
    if let Some(notes) = &args.notes {
        attendance = attendance.notes(notes.clone());
    }
    let outcome = client.attend(&attendance).await?;
    if json {
        let results: Vec<_> = outcome
            .results
            .iter()
            .map(|result| {
                json!({
                    "work_id": result.work_id,
                    "attended": result.attended,
                    "error": result.error.as_ref().map(|e| e.code.number()),
                    "message": result.error.as_ref().map(|e| e.to_string()),
                })
            })
            .collect();
        output::print_json(&json!({"attendee": args.attendee.to_string(), "results": results}));
    } else {
        let rows = outcome.results.iter().map(|result| {
            vec![
                result.work_id.to_string(),
                if result.attended { "added" } else { "refused" }.to_owned(),
                result
                    .error
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ]
        });
        output::print(&output::table(&["work", "attendance", "why not"], rows));
    }
    if outcome.results.iter().all(|result| result.attended) {
        Ok(Exit::Success)
    } else {
        Ok(Exit::Lamplight)
    }
}
