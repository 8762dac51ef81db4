//! `people|orgs|family/add` and `/update`.

use std::collections::BTreeMap;

use lamplight_core::{ErrorCode, Role};

use super::Call;
use super::profile_read::core_fields;
use crate::StoredValue;
use crate::config::{CustomField, StoredKind};
use crate::reply::{Live, Reply, object};
use crate::state::StoredProfile;
use crate::validate::{check_custom_value, is_uk_mobile, is_uk_postcode, missing_required, now};

/// The longest core field value that can be saved, in characters (a database column's size).
pub(crate) const MAX_CORE_CHARS: usize = 255;

/// What a profile write carries, checked.
#[derive(Default)]
struct ProfileData {
    core: Vec<(String, String)>,
    custom: Vec<(String, StoredValue)>,
    publishable: Option<bool>,
    publish_update: Option<bool>,
    not_writable: Vec<String>,
}

impl ProfileData {
    fn is_empty(&self) -> bool {
        self.core.is_empty()
            && self.custom.is_empty()
            && self.publishable.is_none()
            && self.publish_update.is_none()
            && self.not_writable.is_empty()
    }
}

fn invalid(msg: impl Into<String>) -> Reply {
    Reply::lamplight(ErrorCode::InvalidProfile, msg)
}

fn flag(name: &str, value: &StoredValue) -> Result<bool, Reply> {
    match value.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no" | "") => Ok(false),
        _ => Err(invalid(format!("{name} must be 1 or 0"))),
    }
}

fn custom_field<'f>(fields: &'f [CustomField], name: &str) -> Option<&'f CustomField> {
    let by_id = name
        .strip_prefix("profile_field_")
        .and_then(|id| id.parse::<u64>().ok())
        .and_then(|id| fields.iter().find(|field| field.id == Some(id)));
    by_id.or_else(|| fields.iter().find(|field| field.matches(name)))
}

fn parse(call: &Call<'_>, kind: StoredKind) -> Result<ProfileData, Reply> {
    let fields = call.shared.config.fields_for(kind.record_kind());
    let mut data = ProfileData::default();
    let mut unknown = Vec::new();
    for (name, value) in call.params.iter() {
        match name {
            "role" | "id" => {}
            "publishable" => data.publishable = Some(flag(name, &value)?),
            "publish_update" => data.publish_update = Some(flag(name, &value)?),
            // A write may set exactly the core fields a read publishes.
            _ if core_fields(kind).any(|core| core == name) => {
                let Some(text) = value.as_str() else {
                    return Err(invalid(format!("{name} takes a single value, not a list")));
                };
                data.core.push((name.to_owned(), text.to_owned()));
            }
            _ => match custom_field(fields, name) {
                Some(field) if !field.writable => data.not_writable.push(field.label.clone()),
                Some(field) => {
                    let value = check_custom_value(field, &value, true).map_err(invalid)?;
                    data.custom.push((field.label.clone(), value));
                }
                None => unknown.push(name.to_owned()),
            },
        }
    }
    if call.shared.config.strict && !unknown.is_empty() {
        return Err(invalid(format!(
            "Unknown fields for this type of profile: {}",
            unknown.join(", ")
        )));
    }
    for (name, value) in &data.core {
        if name == "postcode" && !value.is_empty() && !is_uk_postcode(value) {
            return Err(invalid(format!("'{value}' is not a valid UK postcode")));
        }
        if name == "mobile" && !value.is_empty() && !is_uk_mobile(value) {
            return Err(invalid(format!(
                "'{value}' is not a valid UK mobile number"
            )));
        }
    }
    if let Some((name, _)) = data
        .core
        .iter()
        .find(|(_, v)| v.chars().count() > MAX_CORE_CHARS)
    {
        return Err(Reply::lamplight(
            ErrorCode::CoreFieldsNotSaved,
            format!(
                "The core fields could not be saved: {name} is longer than {MAX_CORE_CHARS} characters"
            ),
        ));
    }
    if data.is_empty() {
        return Err(Reply::code(ErrorCode::NoValidData));
    }
    Ok(data)
}

fn apply(call: &Call<'_>, profile: &mut StoredProfile, data: ProfileData) {
    let mut postcode_changed = false;
    for (name, value) in data.core {
        postcode_changed |= name == "postcode";
        if value.is_empty() {
            profile.core.remove(&name);
        } else {
            profile.core.insert(name, value);
        }
    }
    for (label, value) in data.custom {
        let empty = value.values().iter().all(String::is_empty);
        if empty {
            profile.custom.remove(&label);
        } else {
            profile.custom.insert(label, value);
        }
    }
    if let Some(publishable) = data.publishable {
        profile.publishable = publishable;
    }
    if let Some(publish_update) = data.publish_update {
        profile.publish_update = publish_update;
    }
    if postcode_changed {
        let place = profile.core("postcode").and_then(|p| call.shared.place(p));
        profile.lat = place.map(|(lat, _)| lat);
        profile.lng = place.map(|(_, lng)| lng);
    }
    profile.date_updated = now();
}

/// The reply when some custom fields were not writable: the profile is saved, the answer is
/// 1058 (HTTP 200) with the id.
fn partly_saved(call: &Call<'_>, id: u64, labels: &[String]) -> Reply {
    let mut reply = Reply::lamplight(
        ErrorCode::CustomFieldsNotSaved,
        format!(
            "Profile saved, but these custom fields may not be written through the API: {}",
            labels.join(", ")
        ),
    );
    if let Some(body) = reply.body.as_object_mut() {
        body.insert(
            "data".to_owned(),
            object([("id", call.shaper().num(id, Live::Json))]),
        );
    }
    reply
}

/// `add`: creates a profile. `publishable` and `publish_update` default to 0.
pub(super) fn add(call: &Call<'_>, kind: StoredKind) -> Reply {
    if !call.shared.config.publishing.profile(kind).add {
        return Reply::lamplight(
            ErrorCode::AddNotPermitted,
            "No permission to add profiles of this type",
        );
    }
    let role = match call.role_for(kind) {
        Ok(role) => role,
        Err(reply) => return reply,
    };
    let data = match parse(call, kind) {
        Ok(data) => data,
        Err(reply) => return reply,
    };
    let named = |name: &str| {
        data.core
            .iter()
            .any(|(n, v)| n == name && !v.trim().is_empty())
    };
    let has_name = match kind {
        StoredKind::Person => named("first_name") || named("surname"),
        StoredKind::Organisation | StoredKind::Family => named("name"),
    };
    if !has_name {
        let needed = if kind == StoredKind::Person {
            "a first_name or surname"
        } else {
            "a name"
        };
        return invalid(format!("A new profile needs {needed}"));
    }
    // Updates may leave a required field out: it keeps the value it has.
    let fields = call.shared.config.fields_for(kind.record_kind());
    let given = data
        .custom
        .iter()
        .map(|(label, value)| (label.as_str(), value));
    if let Some(field) = missing_required(fields, given) {
        return invalid(format!(
            "The field '{}' is required for a new profile",
            field.wire_name()
        ));
    }
    let not_writable = data.not_writable.clone();
    let mut store = call.shared.store();
    let id = store.take_profile_id();
    let mut profile = new_profile(id, kind, role);
    apply(call, &mut profile, data);
    store.profiles.insert(id, profile);
    drop(store);
    if not_writable.is_empty() {
        Reply::ok(call.shaper().created(id))
    } else {
        partly_saved(call, id, &not_writable)
    }
}

fn new_profile(id: u64, kind: StoredKind, role: Role) -> StoredProfile {
    StoredProfile {
        id,
        kind,
        role,
        core: BTreeMap::new(),
        custom: BTreeMap::new(),
        publishable: false,
        publish_update: false,
        lat: None,
        lng: None,
        date_updated: now(),
        seeded: false,
    }
}

/// `update`: changes the fields given, leaving absent ones unchanged.
pub(super) fn update(call: &Call<'_>, kind: StoredKind) -> Reply {
    if !call.shared.config.publishing.profile(kind).update {
        return Reply::lamplight(
            ErrorCode::UpdateNotPermitted,
            "No permission to update profiles of this type",
        );
    }
    let role = match call.role_for(kind) {
        Ok(role) => role,
        Err(reply) => return reply,
    };
    let Some(id) = call
        .params
        .non_empty("id")
        .and_then(|id| id.parse::<u64>().ok())
    else {
        return Reply::lamplight(
            ErrorCode::UpdateNeedsId,
            "An update needs a valid profile id",
        );
    };
    let mut store = call.shared.store();
    let Some(profile) = store
        .profiles
        .get_mut(&id)
        .filter(|profile| profile.kind == kind && profile.role == role)
    else {
        return Reply::lamplight(
            ErrorCode::UpdateNeedsId,
            format!("No profile {id} with role '{role}' to update"),
        );
    };
    if !profile.publish_update {
        return Reply::lamplight(
            ErrorCode::ProfileNotUpdatable,
            format!("Profile {id} may not be updated through the API"),
        );
    }
    let data = match parse(call, kind) {
        Ok(data) => data,
        Err(reply) => return reply,
    };
    let not_writable = data.not_writable.clone();
    apply(call, profile, data);
    drop(store);
    if !not_writable.is_empty() {
        return partly_saved(call, id, &not_writable);
    }
    Reply::ok(call.shaper().created(id))
}
