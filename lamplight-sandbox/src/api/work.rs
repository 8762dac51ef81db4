//! `workarea/all`, `work/some` and `work/one`.

use lamplight_core::ErrorCode;
use serde_json::{Map, Value, json};
use time::PrimitiveDateTime;

use super::{Call, page};
use crate::config::WorkConfig;
use crate::reply::{Live, Reply, Shaper, object};
use crate::validate::parse_date_or_datetime;

/// `workarea/all`: the two-level tree.
pub(super) fn workareas(call: &Call<'_>) -> Reply {
    let shaper = call.shaper();
    let areas = &call.shared.config.workareas;
    let data: Vec<Value> = areas
        .iter()
        .map(|area| {
            let children = area
                .children
                .iter()
                .map(|child| {
                    object([
                        ("id", shaper.num(child.id, Live::Text)),
                        ("text", Value::String(child.name.clone())),
                    ])
                })
                .collect();
            object([
                ("id", shaper.num(area.id, Live::Text)),
                ("text", Value::String(area.name.clone())),
                ("children", shaper.list(children, Live::Json)),
            ])
        })
        .collect();
    let meta = shaper.read_meta(data.len(), data.len(), "numResults", Live::Json);
    Reply::ok(object([
        ("data", Value::Array(data)),
        ("meta", Value::Object(meta)),
    ]))
}

fn not_publishable() -> Reply {
    Reply::lamplight(
        ErrorCode::WorkNotPublishable,
        "Work records are not publishable",
    )
}

fn date_param(call: &Call<'_>, name: &str) -> Result<Option<PrimitiveDateTime>, Reply> {
    match call.params.non_empty(name) {
        None => Ok(None),
        Some(text) => parse_date_or_datetime(text).map(Some).ok_or_else(|| {
            Reply::lamplight(
                ErrorCode::UnknownError,
                format!("'{name}' must be a date (YYYY-MM-DD), not '{text}'"),
            )
        }),
    }
}

/// `work/some`: published records, filtered, ordered and paged.
pub(super) fn work_some(call: &Call<'_>) -> Reply {
    let shared = call.shared;
    if !shared.config.publishing.work.read {
        return not_publishable();
    }
    let filters = (date_param(call, "after"), date_param(call, "before"));
    let (after, before) = match filters {
        (Ok(after), Ok(before)) => (after, before),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let areas = match call.params.non_empty("workarea") {
        None => None,
        Some(text) => match parse_id_list(text) {
            Some(ids) => Some(ids),
            None => {
                return Reply::lamplight(
                    ErrorCode::UnknownError,
                    format!(
                        "'workarea' must be an id or a comma-separated list of ids, not '{text}'"
                    ),
                );
            }
        },
    };
    let query = call.params.non_empty("q").map(str::to_lowercase);
    let mut records: Vec<&WorkConfig> = shared
        .config
        .work
        .iter()
        .filter(|work| work.published)
        .filter(|work| {
            if after.is_none() && before.is_none() {
                return true;
            }
            let start = parse_date_or_datetime(&work.start_date);
            let after_ok = after.is_none_or(|after| start.is_some_and(|s| s >= after));
            let before_ok =
                before.is_none_or(|before| start.is_some_and(|s| s.date() <= before.date()));
            after_ok && before_ok
        })
        .filter(|work| {
            areas.as_ref().is_none_or(|ids| {
                work.workareas.iter().any(|area| {
                    ids.contains(area)
                        || shared
                            .workarea_parent(*area)
                            .is_some_and(|p| ids.contains(&p))
                })
            })
        })
        .filter(|work| {
            query.as_ref().is_none_or(|q| {
                [&work.title, &work.summary, &work.description]
                    .iter()
                    .any(|text| text.to_lowercase().contains(q))
            })
        })
        .collect();
    let (field, descending) = call.order().unwrap_or(("start_date".to_owned(), false));
    match field.as_str() {
        // Lower-cased once per record, not once per comparison.
        "title" => records.sort_by_cached_key(|work| (work.title.to_lowercase(), work.id)),
        "id" => records.sort_by_key(|work| work.id),
        "end_date" => records.sort_by(|a, b| a.end_date.cmp(&b.end_date).then(a.id.cmp(&b.id))),
        _ => records.sort_by(|a, b| a.start_date.cmp(&b.start_date).then(a.id.cmp(&b.id))),
    }
    if descending {
        records.reverse();
    }
    let total = records.len();
    let (start, num) = call.paging();
    let data: Vec<Value> = page(records, start, num)
        .into_iter()
        .map(|work| Value::Object(some_item(call, work)))
        .collect();
    let meta = call
        .shaper()
        .read_meta(data.len(), total, "numRecords", Live::Json);
    Reply::ok(object([
        ("data", Value::Array(data)),
        ("meta", Value::Object(meta)),
    ]))
}

/// Parses `12` or `12,13, 14`.
pub(super) fn parse_id_list(text: &str) -> Option<Vec<u64>> {
    text.split(',')
        .map(|piece| piece.trim().parse::<u64>().ok())
        .collect()
}

/// `work/one`: one published record in detail.
pub(super) fn work_one(call: &Call<'_>) -> Reply {
    let shared = call.shared;
    if !shared.config.publishing.work.read {
        return not_publishable();
    }
    let Some(id) = call
        .params
        .non_empty("id")
        .and_then(|id| id.parse::<u64>().ok())
    else {
        return Reply::lamplight(ErrorCode::UnknownError, "No valid work record id given");
    };
    let Some(work) = shared.config.work.iter().find(|work| work.id == id) else {
        return Reply::lamplight(
            ErrorCode::UnknownError,
            format!("Work record {id} could not be found"),
        );
    };
    if !work.published {
        return Reply::lamplight(
            ErrorCode::WorkNotPublishable,
            format!("Work record {id} is not published"),
        );
    }
    let shaper = call.shaper();
    let mut item = common_item(call, work, Live::Text);
    let subs: Vec<Value> = sub_workareas(call, work).map(Value::String).collect();
    let locations: Vec<Value> = work
        .locations
        .iter()
        .map(|location| serde_json::to_value(location).unwrap_or(Value::Null))
        .collect();
    let location_names: Vec<Value> = work.locations.iter().map(|l| json!(l.name)).collect();
    let updated = work.date_updated.as_deref().unwrap_or(&work.start_date);
    item.insert("date_updated".to_owned(), json!(updated));
    item.insert("subWorkareas".to_owned(), shaper.list(subs, Live::Json));
    item.insert(
        "description".to_owned(),
        Value::String(work.description.clone()),
    );
    item.insert("summary".to_owned(), Value::String(work.summary.clone()));
    item.insert("followup".to_owned(), Value::String(work.followup.clone()));
    let location = if shaper.live() || shaper.chaos() {
        shaper.list(location_names, Live::Json)
    } else {
        json!(
            work.locations
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    item.insert("location".to_owned(), location);
    item.insert(
        "location_full_details".to_owned(),
        shaper.list(locations, Live::Json),
    );
    for (label, value) in &work.custom {
        item.insert(label.replace(' ', "_"), custom_json(shaper, value));
    }
    let data = shaper.one(Value::Object(item));
    Reply::ok(object([("data", data), ("meta", shaper.one_meta())]))
}

/// A published custom value: a string, or an array of strings (`[]` when empty; `""` too in
/// the chaos shape).
pub(super) fn custom_json(shaper: &Shaper, value: &crate::StoredValue) -> Value {
    match value {
        crate::StoredValue::One(text) => json!(text),
        crate::StoredValue::Many(items) => {
            let items = items.iter().map(|item| json!(item)).collect();
            if shaper.chaos() {
                shaper.list(items, Live::Text)
            } else {
                Value::Array(items)
            }
        }
    }
}

/// The names of a record's sub-workareas.
fn sub_workareas<'a>(
    call: &'a Call<'_>,
    work: &'a WorkConfig,
) -> impl Iterator<Item = String> + 'a {
    work.workareas
        .iter()
        .filter(|area| call.shared.workarea_parent(**area).is_some())
        .filter_map(|area| call.shared.workarea_name(*area))
}

/// A `work/some` item: ids as numbers, counts as strings, `subWorkareas` as `""` when empty.
fn some_item(call: &Call<'_>, work: &WorkConfig) -> Map<String, Value> {
    let shaper = call.shaper();
    let mut item = common_item(call, work, Live::Json);
    let subs: Vec<Value> = sub_workareas(call, work).map(Value::String).collect();
    item.insert("subWorkareas".to_owned(), shaper.list(subs, Live::Text));
    item
}

/// The keys `work/some` and `work/one` share; `ids` is the live form of `id` and `workarea`
/// (numbers on `work/some`, strings on `work/one`).
fn common_item(call: &Call<'_>, work: &WorkConfig, ids: Live) -> Map<String, Value> {
    let shaper = call.shaper();
    let shared = call.shared;
    let attending = shared.attending(work.id);
    let full = work.capacity.is_some_and(|cap| attending >= cap as usize);
    let names: Vec<String> = work
        .workareas
        .iter()
        .filter_map(|area| shared.workarea_name(*area))
        .collect();
    let mut item = Map::new();
    item.insert("id".to_owned(), shaper.num(work.id, ids));
    item.insert("title".to_owned(), Value::String(work.title.clone()));
    item.insert(
        "workarea".to_owned(),
        workarea_json(shaper, work, &names, ids),
    );
    item.insert("workareaText".to_owned(), Value::String(names.join(", ")));
    item.insert(
        "start_date".to_owned(),
        Value::String(work.start_date.clone()),
    );
    item.insert("end_date".to_owned(), Value::String(work.end_date.clone()));
    item.insert(
        "may_add_attend".to_owned(),
        Value::Bool(work.api_attendance && !full),
    );
    if work.api_attendance {
        item.insert(
            "num_users_attending".to_owned(),
            shaper.num(attending as u64, Live::Text),
        );
        let maximum = match work.capacity {
            Some(capacity) => shaper.num(u64::from(capacity), Live::Text),
            None => shaper.text(None),
        };
        item.insert("maximum_num_users_allowed".to_owned(), maximum);
    }
    item
}

/// `workarea`: the primary workarea's id, as the live server writes it at this place; the chaos
/// shape also gives the array of names that some live systems send.
fn workarea_json(shaper: &Shaper, work: &WorkConfig, names: &[String], ids: Live) -> Value {
    let Some(primary) = work.workareas.first().copied() else {
        return shaper.text(None);
    };
    if !names.is_empty() && shaper.chaos() {
        return json!(names);
    }
    shaper.num(primary, ids)
}
