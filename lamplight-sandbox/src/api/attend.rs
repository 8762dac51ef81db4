//! `work/attend`: one attendee, one or more work records, one result per record.

use lamplight_core::ErrorCode;
use serde_json::Value;

use super::Call;
use super::work::parse_id_list;
use crate::reply::{Live, Reply, object};
use crate::state::Lookup;
use crate::state::StoredAttendance;

/// Adds an attendee to each work record named in `id`.
///
/// Request-level problems (data-in disabled, no valid ids, an unusable attendee) are errors;
/// each record's own problem (unknown, unpublished, closed to the API, full, already attending)
/// is a failed entry in an HTTP 200 reply, beside the entries that succeeded.
pub(super) fn attend(call: &Call<'_>) -> Reply {
    let shared = call.shared;
    if !shared.config.publishing.work.attend {
        return Reply::lamplight(
            ErrorCode::DataInNotEnabled,
            "The data-in module for work records is not enabled",
        );
    }
    let ids = call.params.non_empty("id").and_then(parse_id_list);
    let Some(ids) = ids.filter(|ids| !ids.is_empty()) else {
        return Reply::lamplight(
            ErrorCode::NoValidWorkId,
            "No valid work record id given to attend",
        );
    };
    let Some(attendee) = call.params.non_empty("attendee") else {
        return Reply::lamplight(ErrorCode::InvalidAttendee, "An attendee is required");
    };
    let notes = call.params.non_empty("attendee_notes").map(str::to_owned);
    let mut store = shared.store();
    let profile_id = match store.lookup(attendee) {
        Lookup::Found(id) => id,
        Lookup::Malformed => {
            return Reply::lamplight(
                ErrorCode::InvalidAttendee,
                format!("'{attendee}' is not a profile id or an email address"),
            );
        }
        Lookup::NotFound if attendee.parse::<u64>().is_ok() => {
            return Reply::lamplight(
                ErrorCode::InvalidAttendee,
                format!("There is no profile with id {attendee}"),
            );
        }
        Lookup::NotFound => {
            return Reply::lamplight(
                ErrorCode::AmbiguousAttendee,
                format!("No profile has the email address '{attendee}'"),
            );
        }
        Lookup::Several => {
            return Reply::lamplight(
                ErrorCode::AmbiguousAttendee,
                format!("Several profiles have the email address '{attendee}'"),
            );
        }
    };
    let shaper = call.shaper();
    let mut entries = Vec::with_capacity(ids.len());
    for work_id in &ids {
        let work = shared.config.work.iter().find(|work| work.id == *work_id);
        // Looked up, not created: an id that names no work record must leave nothing behind.
        let attending = store.attendees.get(work_id);
        let failure = match work {
            None => Some((
                ErrorCode::NoValidWorkId,
                format!("Work record {work_id} does not exist"),
            )),
            Some(work) if !work.published => Some((
                ErrorCode::WorkNotPublishable,
                format!("Work record {work_id} is not published"),
            )),
            Some(work) if !work.api_attendance => Some((
                ErrorCode::AttendanceNotAllowed,
                format!("Work record {work_id} does not allow attendees to be added via the API"),
            )),
            Some(_) if attending.is_some_and(|set| set.contains(&profile_id)) => Some((
                ErrorCode::AlreadyAttending,
                format!("Profile {profile_id} is already attending work record {work_id}"),
            )),
            Some(work)
                if work
                    .capacity
                    .is_some_and(|cap| attending.map_or(0, |set| set.len()) >= cap as usize) =>
            {
                Some((
                    ErrorCode::NoSpacesLeft,
                    format!("Work record {work_id} has no spaces left"),
                ))
            }
            Some(_) => None,
        };
        let entry = match failure {
            Some((code, msg)) => object([
                ("id", shaper.num(*work_id, Live::Json)),
                ("attend", Value::Bool(false)),
                ("error", Value::from(code.number())),
                ("msg", Value::from(msg)),
            ]),
            None => {
                store
                    .attendees
                    .entry(*work_id)
                    .or_default()
                    .insert(profile_id);
                store.attendances.push(StoredAttendance {
                    work_id: *work_id,
                    profile_id,
                    notes: notes.clone(),
                });
                object([
                    ("id", shaper.num(*work_id, Live::Json)),
                    ("attend", Value::Bool(true)),
                ])
            }
        };
        entries.push(entry);
    }
    drop(store);
    // The live server answers one id with one object and several with an array.
    let data = match entries.len() {
        1 if shaper.live() || shaper.chaos() => entries.pop().unwrap_or(Value::Null),
        _ => Value::Array(entries),
    };
    Reply::ok(object([("data", data), ("meta", shaper.write_meta())]))
}
