//! `referral/add`.

use std::collections::BTreeMap;

use lamplight_core::ErrorCode;

use super::Call;
use super::work::parse_id_list;
use crate::StoredValue;
use crate::reply::Reply;
use crate::state::StoredReferral;
use crate::state::{Lookup, Store};
use crate::validate::{
    check_custom_value, format_datetime, missing_required, now, parse_date_or_datetime,
};

/// The referral's built-in parameters.
const BUILT_IN: &[&str] = &[
    "attendee",
    "referrer",
    "referral_reason",
    "date_from",
    "workareaid",
];

fn invalid(msg: impl Into<String>) -> Reply {
    Reply::lamplight(ErrorCode::InvalidReferral, msg)
}

fn resolve(store: &Store, name: &str, given: &str) -> Result<u64, Reply> {
    match store.lookup(given) {
        Lookup::Found(id) => Ok(id),
        Lookup::NotFound => Err(invalid(format!(
            "The {name} '{given}' matches no profile; create it with people/add first"
        ))),
        Lookup::Several => Err(invalid(format!(
            "The {name} '{given}' matches several profiles; give a profile id"
        ))),
        Lookup::Malformed => Err(invalid(format!(
            "The {name} must be a profile id or an email address, not '{given}'"
        ))),
    }
}

pub(super) fn add(call: &Call<'_>) -> Reply {
    match try_add(call) {
        Ok(reply) | Err(reply) => reply,
    }
}

/// A single-valued parameter as sent (empty counts as absent); lists are refused.
fn single(call: &Call<'_>, name: &str) -> Result<Option<String>, Reply> {
    match call.params.get(name) {
        None => Ok(None),
        Some(StoredValue::One(text)) => Ok(Some(text).filter(|t| !t.trim().is_empty())),
        Some(StoredValue::Many(_)) => Err(invalid(format!("{name} takes a single value"))),
    }
}

/// Whether a value says nothing: empty or spaces only, every one of them for a list. The same
/// test decides whether a required field was sent.
fn is_blank(value: &StoredValue) -> bool {
    value.values().iter().all(|value| value.trim().is_empty())
}

fn try_add(call: &Call<'_>) -> Result<Reply, Reply> {
    let shared = call.shared;
    if !shared.config.publishing.referral.add {
        return Err(Reply::lamplight(
            ErrorCode::RecordTypeNotAccessible,
            "Referrals may not be added through the API",
        ));
    }
    let attendee = single(call, "attendee")?
        .ok_or_else(|| invalid("An attendee (profile id or email) is required"))?;
    let referrer = single(call, "referrer")?;
    let reason = single(call, "referral_reason")?;
    let date_from = match single(call, "date_from")? {
        None => now(),
        Some(text) => parse_date_or_datetime(text.trim())
            .map(format_datetime)
            .ok_or_else(|| {
                invalid(format!(
                    "date_from must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, not '{text}'"
                ))
            })?,
    };
    let workarea_ids = match single(call, "workareaid")? {
        None => Vec::new(),
        Some(text) => parse_id_list(&text)
            .ok_or_else(|| invalid(format!("workareaid must be an id or ids, not '{text}'")))?,
    };
    if let Some(missing) = workarea_ids.iter().find(|id| !shared.workarea_exists(**id)) {
        return Err(invalid(format!("Workarea {missing} does not exist")));
    }
    let mut custom = BTreeMap::new();
    let mut unknown = Vec::new();
    for (name, value) in call
        .params
        .iter()
        .filter(|(name, _)| !BUILT_IN.contains(name))
    {
        let field = shared
            .config
            .fields
            .referral
            .iter()
            .find(|field| field.matches(name));
        match field {
            // A new referral has nothing for an empty value to clear: like an empty reason, it
            // is stored as no value (it still counts as sent, so it is no unknown field).
            Some(field) if field.writable && is_blank(&value) => {}
            Some(field) if field.writable => {
                let value = check_custom_value(field, &value, false).map_err(invalid)?;
                custom.insert(field.label.clone(), value);
            }
            _ => unknown.push(name.to_owned()),
        }
    }
    if shared.config.strict && !unknown.is_empty() {
        return Err(invalid(format!(
            "Unknown or read-only referral fields: {}",
            unknown.join(", ")
        )));
    }
    let given = custom.iter().map(|(label, value)| (label.as_str(), value));
    if let Some(field) = missing_required(&shared.config.fields.referral, given) {
        return Err(invalid(format!(
            "The referral field '{}' is required",
            field.wire_name()
        )));
    }
    let mut store = shared.store();
    let attendee_id = resolve(&store, "attendee", &attendee)?;
    let referrer_id = referrer
        .map(|given| resolve(&store, "referrer", &given))
        .transpose()?;
    let id = store.take_referral_id();
    store.referrals.push(StoredReferral {
        id,
        attendee_id,
        referrer_id,
        reason,
        date_from,
        workarea_ids,
        custom,
        fields: call
            .params
            .iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    });
    drop(store);
    Ok(Reply::ok(call.shaper().created(id)))
}
