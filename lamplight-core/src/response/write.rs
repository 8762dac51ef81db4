//! What Lamplight replies to writes, checked as strictly as the reference PHP client checks
//! them: a reply whose `data` says `"attend": false`, or carries an `error` or a `msg`, is a
//! refusal with its code, never a success.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::lenient::{describe, flag_from, text_from, uint_from};
use super::{Reply, ServerError};
use crate::{ErrorCode, ProfileId, RecordId, RecordKind, WorkId};

/// The record a create made: `{"data": {"id": 123, "attend": true}}`, or the bare id
/// `{"data": 123}`.
///
/// Decoding it with serde checks only the shape; [`Created::from_reply`] also refuses the
/// replies that say the write failed.
///
/// ```
/// use lamplight_core::RecordId;
/// use lamplight_core::response::Created;
///
/// for body in [r#"{"data": {"id": 123, "attend": true}, "meta": ""}"#, r#"{"data": "123"}"#] {
///     assert_eq!(serde_json::from_str::<Created>(body)?, Created { id: RecordId(123) });
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Created {
    /// The new record's id.
    pub id: RecordId,
}

/// The profile an update changed, as the server names it.
///
/// ```
/// use lamplight_core::response::Updated;
/// use lamplight_core::{ProfileId, RecordKind};
///
/// let reply = serde_json::json!({"data": {"id": "653", "attend": true}});
/// let updated = Updated::from_reply(RecordKind::Person, ProfileId(653), &reply)?;
/// assert_eq!(updated, Updated { id: ProfileId(653) });
/// # Ok::<(), lamplight_core::response::WriteRefused>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Updated {
    /// The updated profile's id.
    pub id: ProfileId,
}

/// A write the server confirmed with a message: a relationship (`Relationship created`) or a
/// group membership (`Added to group`).
///
/// ```
/// use lamplight_core::response::Acknowledged;
///
/// let reply = serde_json::json!({"msg": "Relationship created"});
/// let ack = Acknowledged::relationship(&reply)?;
/// assert_eq!(ack.message, "Relationship created");
/// let silent = Acknowledged::relationship(&serde_json::json!({"msg": ""})).unwrap_err();
/// assert_eq!(silent.code.number(), 1072);
/// # Ok::<(), lamplight_core::response::WriteRefused>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Acknowledged {
    /// The server's confirmation.
    pub message: String,
}

/// A write reply that says the write did not happen (or happened only in part).
///
/// `code` is the server's when it sent one, or else the code that names the failure of that
/// write: 1040 for a referral, 1055 for a profile, 1072 for a relationship and 1084 for a
/// group membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteRefused {
    /// The error code.
    pub code: ErrorCode,
    /// The server's message, or the empty string.
    pub message: String,
    /// The record the server saved despite the error (1058: some custom fields were not
    /// saved), when it said which.
    pub saved: Option<RecordId>,
    /// Whether the reply was not one Lamplight sends at all (no id, no message), rather than
    /// a refusal in Lamplight's own words.
    pub malformed: bool,
}

impl fmt::Display for WriteRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::server_error::write_error(f, self.code, &self.message)
    }
}

impl std::error::Error for WriteRefused {}

impl WriteRefused {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        WriteRefused {
            code,
            message: message.into(),
            saved: None,
            malformed: false,
        }
    }

    fn malformed(code: ErrorCode, message: String) -> Self {
        WriteRefused {
            malformed: true,
            ..WriteRefused::new(code, message)
        }
    }
}

/// The code that names a failed write of `kind`, when the server gave none.
fn failure_code(kind: RecordKind) -> ErrorCode {
    match kind {
        RecordKind::Referral => ErrorCode::InvalidReferral,
        _ => ErrorCode::InvalidProfile,
    }
}

/// `data` with a one-element array unwrapped.
fn single_data(body: &Value) -> &Value {
    match body.get("data") {
        Some(Value::Array(items)) if items.len() == 1 => &items[0],
        Some(data) => data,
        None => &Value::Null,
    }
}

fn nonempty_text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(text_from)
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// The error code in an `error` field, when it holds one.
fn error_code_in(value: Option<&Value>) -> Option<ErrorCode> {
    match value? {
        Value::Null | Value::Bool(false) => None,
        Value::String(s) if s.trim().is_empty() => None,
        other => match uint_from(other) {
            Some(0) => None,
            Some(number) => Some(ErrorCode::from_number(
                i64::try_from(number).unwrap_or(i64::MAX),
            )),
            // `"error": "some words"`: a refusal without a code.
            None => Some(ErrorCode::Unknown(0)),
        },
    }
}

/// Checks the reply to a write of `kind` and finds the id it names.
fn saved_id(kind: RecordKind, body: &Value) -> Result<Option<RecordId>, WriteRefused> {
    if let Some(error) = ServerError::from_value(body) {
        let saved = (error.code == ErrorCode::CustomFieldsNotSaved)
            .then(|| single_data(body).get("id").and_then(uint_from))
            .flatten()
            .map(RecordId);
        return Err(WriteRefused {
            saved,
            ..WriteRefused::new(error.code, error.message)
        });
    }
    let data = single_data(body);
    let Value::Object(fields) = data else {
        if let Some(message) = nonempty_text(body.get("msg")) {
            return Err(WriteRefused::new(failure_code(kind), message));
        }
        return match uint_from(data) {
            Some(id) => Ok(Some(RecordId(id))),
            None if data.is_null() => Ok(None),
            None => Err(WriteRefused::malformed(
                failure_code(kind),
                format!(
                    "expected the record's id in `data`, found {}",
                    describe(data)
                ),
            )),
        };
    };
    let id = fields.get("id").and_then(uint_from).map(RecordId);
    let code = error_code_in(fields.get("error"));
    let message = nonempty_text(fields.get("msg").or_else(|| fields.get("message")));
    let attended = fields
        .get("attend")
        .map(|flag| flag_from(flag).unwrap_or(false));
    if code.is_some() || message.is_some() || attended == Some(false) {
        let code = code
            .filter(|code| *code != ErrorCode::Unknown(0))
            .unwrap_or(failure_code(kind));
        // `"error": "some words"` carries its message in place of a code.
        let words = fields
            .get("error")
            .filter(|error| uint_from(error).is_none())
            .and_then(text_from);
        let message = message.or(words).unwrap_or_default();
        return Err(WriteRefused {
            saved: id.filter(|_| code == ErrorCode::CustomFieldsNotSaved),
            ..WriteRefused::new(code, message)
        });
    }
    Ok(id)
}

impl Created {
    /// Checks the reply to a create of `kind` and decodes the new record's id.
    ///
    /// ```
    /// use lamplight_core::response::Created;
    /// use lamplight_core::{RecordId, RecordKind};
    /// use serde_json::json;
    ///
    /// let ok = json!({"data": {"id": 71, "attend": true}, "meta": ""});
    /// assert_eq!(Created::from_reply(RecordKind::Referral, &ok)?.id, RecordId(71));
    ///
    /// // `"attend": false`, an `error` or a `msg` in `data` is a refusal, not a record.
    /// let refused = json!({"data": {"id": 0, "attend": false, "msg": "Attendee not found"}});
    /// let err = Created::from_reply(RecordKind::Referral, &refused).unwrap_err();
    /// assert_eq!(err.code.number(), 1040);
    /// assert_eq!(err.message, "Attendee not found");
    /// # Ok::<(), lamplight_core::response::WriteRefused>(())
    /// ```
    pub fn from_reply(kind: RecordKind, body: &Value) -> Result<Created, WriteRefused> {
        match saved_id(kind, body)? {
            Some(id) => Ok(Created { id }),
            None => Err(WriteRefused::malformed(
                failure_code(kind),
                format!("expected the new record's id, found {}", describe(body)),
            )),
        }
    }
}

impl Updated {
    /// Checks the reply to an update of the profile `sent` (of `kind`); the id is the one the
    /// server names, or `sent` when it names none (`{"data": true}`, an empty `data`).
    pub fn from_reply(
        kind: RecordKind,
        sent: ProfileId,
        body: &Value,
    ) -> Result<Updated, WriteRefused> {
        if let Some(flag) = body.get("data").and_then(Value::as_bool) {
            return if flag {
                Ok(Updated { id: sent })
            } else {
                Err(WriteRefused::new(failure_code(kind), ""))
            };
        }
        let id = saved_id(kind, body)?;
        Ok(Updated {
            id: id.map_or(sent, RecordId::profile),
        })
    }
}

impl Acknowledged {
    /// Checks the reply to `people/relationship`: it must say `Relationship created`.
    pub fn relationship(body: &Value) -> Result<Acknowledged, WriteRefused> {
        Acknowledged::expect(
            body,
            "Relationship created",
            ErrorCode::RelationshipNotCreated,
        )
    }

    /// Checks the reply to `people/group`: it must say `Added to group`.
    pub fn group(body: &Value) -> Result<Acknowledged, WriteRefused> {
        Acknowledged::expect(body, "Added to group", ErrorCode::GroupAddFailed)
    }

    fn expect(
        body: &Value,
        confirmation: &str,
        code: ErrorCode,
    ) -> Result<Acknowledged, WriteRefused> {
        if let Some(error) = ServerError::from_value(body) {
            return Err(WriteRefused::new(error.code, error.message));
        }
        let message =
            nonempty_text(body.get("msg")).or_else(|| nonempty_text(single_data(body).get("msg")));
        match message {
            Some(message) if message.eq_ignore_ascii_case(confirmation) => {
                Ok(Acknowledged { message })
            }
            Some(message) => Err(WriteRefused::new(code, message)),
            None => Err(WriteRefused::malformed(
                code,
                format!(
                    "expected the message `{confirmation}`, found {}",
                    describe(body)
                ),
            )),
        }
    }
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
        id.map(|id| Created { id: RecordId(id) }).ok_or_else(|| {
            D::Error::custom(format!(
                "expected the new record's id in `data`, found {}",
                describe(&data)
            ))
        })
    }
}

fn serialize_code<S: Serializer>(code: &ErrorCode, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(code.number())
}

/// Why Lamplight did not add the attendee to one work record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendError {
    /// The error code, e.g. [`ErrorCode::AlreadyAttending`].
    #[serde(serialize_with = "serialize_code")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendResult {
    /// The work record.
    pub work_id: WorkId,
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
/// use lamplight_core::{ErrorCode, WorkId};
/// use lamplight_core::response::AttendOutcome;
///
/// let body = br#"{"data": [{"id": "30936", "attend": true},
///                 {"id": 30937, "attend": false, "error": "1026", "msg": "Already attending"}]}"#;
/// let outcome = AttendOutcome::decode(&[WorkId(30936), WorkId(30937)], body)?;
/// assert!(!outcome.all_attended());
/// assert_eq!(outcome.attended().collect::<Vec<_>>(), [WorkId(30936)]);
/// let refused = &outcome.results[1];
/// assert_eq!(refused.error.as_ref().map(|e| e.code), Some(ErrorCode::AlreadyAttending));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub fn attended(&self) -> impl Iterator<Item = WorkId> + '_ {
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
    pub fn decode(work_ids: &[WorkId], body: &[u8]) -> Result<AttendOutcome, serde_json::Error> {
        let reply: Reply<Value> = serde_json::from_slice(body)?;
        AttendOutcome::from_data(work_ids, reply.data)
    }

    /// Decodes the `data` of an attendance reply; see [`decode`](Self::decode).
    pub fn from_data(work_ids: &[WorkId], data: Value) -> Result<AttendOutcome, serde_json::Error> {
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
                    .map(WorkId)
                    .filter(|id| work_ids.contains(id))
                    .or_else(|| work_ids.get(index).copied())
                    .or(id.map(WorkId))
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
