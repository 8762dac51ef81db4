//! What Lamplight replies to writes.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::Reply;
use super::lenient::{describe, flag_from, text_from, uint_from};
use crate::ErrorCode;

/// The record a create made: `{"data": {"id": 123}}`, or the bare id `{"data": 123}`.
///
/// ```
/// use lamplight_core::response::Created;
///
/// for body in [r#"{"data": {"id": 123, "attend": true}, "meta": ""}"#, r#"{"data": "123"}"#] {
///     assert_eq!(serde_json::from_str::<Created>(body)?, Created { id: 123 });
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Created {
    /// The new record's id.
    pub id: u64,
}

impl<'de> Deserialize<'de> for Created {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let reply = Reply::<Value>::deserialize(deserializer)?;
        let mut data = reply.data;
        if let Value::Array(items) = &mut data
            && items.len() == 1
        {
            data = items.remove(0);
        }
        let id = match &data {
            Value::Object(fields) => fields.get("id").and_then(uint_from),
            other => uint_from(other),
        };
        id.map(|id| Created { id }).ok_or_else(|| {
            D::Error::custom(format!(
                "expected the new record's id in `data`, found {}",
                describe(&data)
            ))
        })
    }
}

/// Why Lamplight did not add the attendee to one work record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendError {
    /// The error code, e.g. [`ErrorCode::AlreadyAttending`].
    pub code: ErrorCode,
    /// The server's message, or the empty string.
    pub message: String,
}

impl fmt::Display for AttendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::server_error::write_error(f, self.code, &self.message)
    }
}

/// What happened on one work record of an attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendResult {
    /// The work record.
    pub work_id: u64,
    /// Whether the attendee now attends it.
    pub attended: bool,
    /// Why not, when the server said.
    pub error: Option<AttendError>,
}

/// The result of adding an attendee to work records: one entry per work record.
///
/// Partial success is normal: the attendee may be added to one session and refused on another
/// because it is full or they already attend.
///
/// ```
/// use lamplight_core::ErrorCode;
/// use lamplight_core::response::AttendOutcome;
///
/// let body = br#"{"data": [{"id": "30936", "attend": true},
///                 {"id": 30937, "attend": false, "error": "1026", "msg": "Already attending"}]}"#;
/// let outcome = AttendOutcome::decode(&[30936, 30937], body)?;
/// assert!(!outcome.all_attended());
/// assert_eq!(outcome.attended().collect::<Vec<_>>(), [30936]);
/// let refused = &outcome.results[1];
/// assert_eq!(refused.error.as_ref().map(|e| e.code), Some(ErrorCode::AlreadyAttending));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendOutcome {
    /// One result per work record, in the server's order.
    pub results: Vec<AttendResult>,
}

impl AttendOutcome {
    /// Whether the attendee was added to every work record.
    pub fn all_attended(&self) -> bool {
        self.results.iter().all(|r| r.attended)
    }

    /// The work records the attendee was added to.
    pub fn attended(&self) -> impl Iterator<Item = u64> + '_ {
        self.results
            .iter()
            .filter(|r| r.attended)
            .map(|r| r.work_id)
    }

    /// The work records the attendee was not added to, with the reason when there is one.
    pub fn refused(&self) -> impl Iterator<Item = &AttendResult> {
        self.results.iter().filter(|r| !r.attended)
    }

    /// Decodes the reply to an attendance on `work_ids`, as the request listed them.
    ///
    /// The server sends one object or an array with one entry per work record; entries that do
    /// not name their work record are matched to `work_ids` by position, and a single entry for
    /// several work records applies to each.
    pub fn decode(work_ids: &[u64], body: &[u8]) -> Result<AttendOutcome, serde_json::Error> {
        let reply: Reply<Value> = serde_json::from_slice(body)?;
        AttendOutcome::from_data(work_ids, reply.data)
    }

    /// Decodes the `data` of an attendance reply; see [`decode`](Self::decode).
    pub fn from_data(work_ids: &[u64], data: Value) -> Result<AttendOutcome, serde_json::Error> {
        let entries = match data {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            one => vec![one],
        };
        let mut parsed = entries
            .iter()
            .map(parse_entry)
            .collect::<Result<Vec<_>, _>>()
            .map_err(serde_json::Error::custom)?;
        if parsed.len() == 1 && parsed[0].0.is_none() && work_ids.len() > 1 {
            let (_, attended, error) = parsed.remove(0);
            let results = work_ids
                .iter()
                .map(|&work_id| AttendResult {
                    work_id,
                    attended,
                    error: error.clone(),
                })
                .collect();
            return Ok(AttendOutcome { results });
        }
        let results = parsed
            .into_iter()
            .enumerate()
            .map(|(index, (id, attended, error))| {
                // An entry's `id` names its work record when it is one that was asked for.
                let work_id = id
                    .filter(|id| work_ids.contains(id))
                    .or_else(|| work_ids.get(index).copied())
                    .or(id)
                    .ok_or_else(|| {
                        serde_json::Error::custom(format!(
                            "attendance entry {index} names no work record"
                        ))
                    })?;
                Ok(AttendResult {
                    work_id,
                    attended,
                    error,
                })
            })
            .collect::<Result<_, serde_json::Error>>()?;
        Ok(AttendOutcome { results })
    }
}

type Entry = (Option<u64>, bool, Option<AttendError>);

fn parse_entry(entry: &Value) -> Result<Entry, String> {
    match entry {
        Value::Object(fields) => {
            let error = match fields.get("error") {
                None | Some(Value::Null) | Some(Value::Bool(false)) => None,
                Some(Value::String(s)) if s.is_empty() => None,
                Some(code) => Some(AttendError {
                    code: uint_from(code)
                        .and_then(|n| i64::try_from(n).ok())
                        .map_or(ErrorCode::Unknown(0), ErrorCode::from_number),
                    message: fields
                        .get("msg")
                        .or_else(|| fields.get("message"))
                        .and_then(text_from)
                        .or_else(|| code.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                }),
            };
            let attended = match fields.get("attend") {
                Some(flag) => flag_from(flag)
                    .ok_or_else(|| format!("`attend` is {}, not a flag", describe(flag)))?,
                None => error.is_none(),
            };
            let id = fields
                .get("id")
                .or_else(|| fields.get("work_id"))
                .and_then(uint_from);
            Ok((id, attended && error.is_none(), error))
        }
        Value::Bool(attended) => Ok((None, *attended, None)),
        other => match uint_from(other) {
            Some(id) => Ok((Some(id), true, None)),
            None => Err(format!(
                "expected an attendance entry, found {}",
                describe(other)
            )),
        },
    }
}
