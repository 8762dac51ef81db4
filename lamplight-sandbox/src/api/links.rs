//! `people/relationship` and `people/group`.

use lamplight_core::{ErrorCode, Role};
use serde_json::json;

use super::Call;
use crate::config::GroupKind;
use crate::reply::Reply;
use crate::state::Lookup;
use crate::state::{StoredMembership, StoredRelationship};
use crate::validate::{format_datetime, now, parse_date_or_datetime};

fn numeric(call: &Call<'_>, name: &str) -> Option<u64> {
    call.params
        .non_empty(name)
        .and_then(|text| text.parse().ok())
}

/// The `role` of a link. The live server accepts a request without one (the reference client
/// never sends it), so absent is fine; an unknown one is 1001.
fn link_role(call: &Call<'_>) -> Result<Option<Role>, Reply> {
    let Some(given) = call.params.non_empty("role") else {
        return Ok(None);
    };
    Role::from_wire(given).map(Some).ok_or_else(|| {
        Reply::lamplight(
            ErrorCode::UnknownRole,
            format!("Role '{given}' not recognised"),
        )
    })
}

/// Relates two existing profiles with a relationship type from system admin.
pub(super) fn relationship(call: &Call<'_>) -> Reply {
    match try_relationship(call) {
        Ok(reply) | Err(reply) => reply,
    }
}

fn try_relationship(call: &Call<'_>) -> Result<Reply, Reply> {
    let shared = call.shared;
    if !shared.config.publishing.relationships {
        return Err(Reply::lamplight(
            ErrorCode::RelationshipsNotEnabled,
            "API access to relationships is not enabled",
        ));
    }
    let bad_types = |what: &str| {
        Reply::lamplight(
            ErrorCode::InvalidRelationship,
            format!("{what} must be a numeric id"),
        )
    };
    let profile_id = numeric(call, "id").ok_or_else(|| bad_types("id"))?;
    let related =
        numeric(call, "related_profile_id").ok_or_else(|| bad_types("related_profile_id"))?;
    let relationship_id =
        numeric(call, "relationship_id").ok_or_else(|| bad_types("relationship_id"))?;
    let role = link_role(call)?;
    let not_created = |why: String| Reply::lamplight(ErrorCode::RelationshipNotCreated, why);
    if !shared
        .config
        .relationship_types
        .iter()
        .any(|t| t.id == relationship_id)
    {
        return Err(not_created(format!(
            "There is no relationship type {relationship_id}"
        )));
    }
    if profile_id == related {
        return Err(not_created(
            "A profile cannot be related to itself".to_owned(),
        ));
    }
    let mut store = shared.store();
    for id in [profile_id, related] {
        if !store.profiles.contains_key(&id) {
            return Err(not_created(format!("There is no profile {id}")));
        }
    }
    let exists = store.relationships.iter().any(|r| {
        r.profile_id == profile_id
            && r.related_profile_id == related
            && r.relationship_id == relationship_id
    });
    if exists {
        return Err(not_created(format!(
            "Profiles {profile_id} and {related} already have relationship {relationship_id}"
        )));
    }
    store.relationships.push(StoredRelationship {
        profile_id,
        related_profile_id: related,
        relationship_id,
        role,
    });
    Ok(Reply::ok(json!({"msg": "Relationship created"})))
}

/// Adds a profile (by id or email) to a manual group or waiting list.
pub(super) fn group(call: &Call<'_>) -> Reply {
    match try_group(call) {
        Ok(reply) | Err(reply) => reply,
    }
}

fn try_group(call: &Call<'_>) -> Result<Reply, Reply> {
    let shared = call.shared;
    if !shared.config.publishing.groups {
        return Err(Reply::lamplight(
            ErrorCode::GroupsNotEnabled,
            "Adding to groups and waiting lists is not enabled",
        ));
    }
    let wrong = |msg: &str| Reply::lamplight(ErrorCode::InvalidGroupMembership, msg.to_owned());
    let group_id =
        numeric(call, "group_id").ok_or_else(|| wrong("group_id must be a numeric id"))?;
    let member = call
        .params
        .non_empty("id")
        .ok_or_else(|| wrong("id (the profile id or email) is required"))?;
    let role = link_role(call)?;
    let date_joined = match call.params.non_empty("date_joined") {
        None => now(),
        Some(text) => parse_date_or_datetime(text)
            .map(format_datetime)
            .ok_or_else(|| wrong("date_joined must be YYYY-MM-DD HH:MM:SS"))?,
    };
    let notes = call.params.non_empty("notes").map(str::to_owned);
    let group = shared
        .config
        .groups
        .iter()
        .find(|group| group.id == group_id);
    match group.map(|group| group.kind) {
        Some(GroupKind::Manual | GroupKind::WaitingList) => {}
        Some(GroupKind::Automatic) | None => {
            return Err(Reply::lamplight(
                ErrorCode::GroupNotManual,
                format!("Group {group_id} is not a manual group or waiting list"),
            ));
        }
    }
    let mut store = shared.store();
    let profile_id = match store.lookup(member) {
        Lookup::Found(id) => id,
        Lookup::Several => {
            return Err(Reply::lamplight(
                ErrorCode::SeveralProfilesMatched,
                format!("Several profiles match '{member}'"),
            ));
        }
        Lookup::NotFound | Lookup::Malformed => {
            return Err(Reply::lamplight(
                ErrorCode::ProfileNotFound,
                format!("No profile matches '{member}'"),
            ));
        }
    };
    let members = store.group_members.entry(group_id).or_default();
    if !members.insert(profile_id) {
        return Err(Reply::lamplight(
            ErrorCode::GroupAddFailed,
            format!("Profile {profile_id} is already in group {group_id}"),
        ));
    }
    store.memberships.push(StoredMembership {
        group_id,
        profile_id,
        role,
        date_joined,
        notes,
    });
    Ok(Reply::ok(json!({"msg": "Added to group"})))
}
