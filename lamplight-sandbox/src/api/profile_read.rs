//! `people|orgs|family/all|some|one`.

use std::cmp::Ordering;

use lamplight_core::{ErrorCode, Role};
use serde_json::{Map, Value, json};

use super::work::custom_json;
use super::{Call, page};
use crate::config::{CustomField, StoredKind};
use crate::geo::{distance_m, national_grid, parse_lat_lng};
use crate::reply::{Live, Reply, Shaper, object};
use crate::state::StoredProfile;

/// The radius of a `near` search without `nearRadius`, in metres.
pub(crate) const DEFAULT_NEAR_RADIUS_M: f64 = 10_000.0;

/// Parameters of `some` that are not field filters.
const RESERVED: &[&str] = &[
    "role",
    "num",
    "start",
    "order",
    "q",
    "return",
    "near",
    "nearRadius",
    "id",
    "format",
];

/// Core fields the live server leaves out of a full profile when they are empty.
const OMITTED_WHEN_EMPTY: &[&str] = &[
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
];

/// The core fields every kind of profile publishes after its names, in reply order.
const CONTACT_FIELDS: &[&str] = &[
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "postcode",
    "email",
    "web",
    "phone",
    "mobile",
];

/// The core fields published for a kind, in reply order: a person's two names or another
/// profile's one, then the contact fields.
pub(crate) fn core_fields(kind: StoredKind) -> impl Iterator<Item = &'static str> {
    let names: &'static [&'static str] = match kind {
        StoredKind::Person => &["first_name", "surname"],
        StoredKind::Organisation | StoredKind::Family => &["name"],
    };
    names.iter().chain(CONTACT_FIELDS).copied()
}

/// Reads profiles of one kind.
pub(super) fn read(call: &Call<'_>, kind: StoredKind, how: &str) -> Reply {
    if !call.shared.config.publishing.profile(kind).read {
        return Reply::lamplight(
            ErrorCode::ProfileNotPublishable,
            "Profiles of this type are not publishable",
        );
    }
    let role = match call.role_for(kind) {
        Ok(role) => role,
        Err(reply) => return reply,
    };
    match how {
        "one" => one(call, kind, role),
        "all" => list(call, kind, role, false),
        _ => list(call, kind, role, true),
    }
}

fn one(call: &Call<'_>, kind: StoredKind, role: Role) -> Reply {
    let Some(id) = call
        .params
        .non_empty("id")
        .and_then(|id| id.parse::<u64>().ok())
    else {
        return Reply::lamplight(ErrorCode::UnknownError, "No valid profile id given");
    };
    let store = call.shared.store();
    let profile = store
        .profiles
        .get(&id)
        .filter(|profile| profile.kind == kind && profile.role == role);
    let Some(profile) = profile else {
        return Reply::lamplight(
            ErrorCode::UnknownError,
            format!("No profile {id} with role '{role}' could be found"),
        );
    };
    if !profile.publishable {
        return Reply::lamplight(
            ErrorCode::ProfileNotPublishable,
            format!("Profile {id} is not publishable"),
        );
    }
    let shaper = call.shaper();
    let item = full_item(call, profile);
    Reply::ok(object([
        ("data", shaper.one(Value::Object(item))),
        ("meta", shaper.one_meta()),
    ]))
}

struct Filter<'f> {
    target: FilterTarget<'f>,
    needle: String,
}

enum FilterTarget<'f> {
    Core(String),
    Custom(&'f CustomField),
}

fn filters<'f>(call: &Call<'_>, fields: &'f [CustomField]) -> Vec<Filter<'f>> {
    let mut found = Vec::new();
    for (name, value) in call.params.iter() {
        if RESERVED.contains(&name) {
            continue;
        }
        let Some(needle) = value.values().first().cloned() else {
            continue;
        };
        let by_id = name
            .strip_prefix("profile_field_")
            .and_then(|id| id.parse::<u64>().ok())
            .and_then(|id| fields.iter().find(|field| field.id == Some(id)));
        let custom = by_id.or_else(|| fields.iter().find(|field| field.matches(name)));
        let target = match custom {
            Some(field) if field.readable => FilterTarget::Custom(field),
            Some(_) => continue,
            None if is_core_name(name) => FilterTarget::Core(name.to_owned()),
            None => continue,
        };
        found.push(Filter { target, needle });
    }
    found
}

fn is_core_name(name: &str) -> bool {
    core_fields(StoredKind::Person)
        .chain(core_fields(StoredKind::Organisation))
        .any(|core| core == name)
        || name == "summary"
}

fn passes(profile: &StoredProfile, filter: &Filter<'_>) -> bool {
    let needle = filter.needle.to_lowercase();
    match &filter.target {
        FilterTarget::Core(name) => profile
            .core(name)
            .is_some_and(|value| value.to_lowercase().contains(&needle)),
        FilterTarget::Custom(field) => profile
            .custom(&field.label)
            .is_some_and(|value| value.contains_ignoring_case(&filter.needle)),
    }
}

fn near_centre(call: &Call<'_>) -> Result<Option<(f64, f64)>, Reply> {
    let Some(near) = call.params.non_empty("near") else {
        return Ok(None);
    };
    if let Some(point) = parse_lat_lng(near) {
        return Ok(Some(point));
    }
    call.shared.place(near).map(Some).ok_or_else(|| {
        Reply::lamplight(
            ErrorCode::UnknownError,
            format!("Could not find a location for '{near}'"),
        )
    })
}

fn list(call: &Call<'_>, kind: StoredKind, role: Role, some: bool) -> Reply {
    let shaper = call.shaper();
    let fields = call.shared.config.fields_for(kind.record_kind());
    let centre = if some {
        match near_centre(call) {
            Ok(centre) => centre,
            Err(reply) => return reply,
        }
    } else {
        None
    };
    let radius = call
        .params
        .non_empty("nearRadius")
        .and_then(|r| r.parse::<f64>().ok())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(DEFAULT_NEAR_RADIUS_M);
    let filters = if some {
        filters(call, fields)
    } else {
        Vec::new()
    };
    let query = some
        .then(|| call.params.non_empty("q"))
        .flatten()
        .map(str::to_lowercase);
    let store = call.shared.store();
    let mut matches: Vec<(&StoredProfile, f64)> = store
        .profiles
        .values()
        .filter(|p| p.kind == kind && p.role == role && p.publishable)
        .filter(|p| filters.iter().all(|filter| passes(p, filter)))
        .filter(|p| {
            query.as_ref().is_none_or(|q| {
                p.display_name().to_lowercase().contains(q)
                    || p.core("summary")
                        .is_some_and(|s| s.to_lowercase().contains(q))
            })
        })
        .filter_map(|p| match centre {
            None => Some((p, 0.0)),
            Some(centre) => {
                let point = p.lat.zip(p.lng)?;
                let distance = distance_m(centre, point);
                (distance <= radius).then_some((p, distance))
            }
        })
        .collect();
    let order = call.order();
    matches.sort_by(|(a, da), (b, db)| {
        let by = match order.as_ref().map(|(field, _)| field.as_str()) {
            Some("id") => a.id.cmp(&b.id),
            Some("date_updated") => a.date_updated.cmp(&b.date_updated),
            Some(field @ ("first_name" | "surname" | "name" | "postcode")) => {
                let key = |p: &StoredProfile| p.core(field).unwrap_or_default().to_lowercase();
                key(a).cmp(&key(b))
            }
            _ if centre.is_some() => da.partial_cmp(db).unwrap_or(Ordering::Equal),
            _ => a
                .display_name()
                .to_lowercase()
                .cmp(&b.display_name().to_lowercase()),
        };
        by.then(a.id.cmp(&b.id))
    });
    if order.as_ref().is_some_and(|(_, descending)| *descending) {
        matches.reverse();
    }
    let total = matches.len();
    let shown = if some {
        let (start, num) = call.paging();
        page(matches, start, num)
    } else {
        matches
    };
    let full = call.params.non_empty("return") == Some("full");
    let data: Vec<Value> = shown
        .into_iter()
        .map(|(profile, _)| {
            let item = if full {
                full_item(call, profile)
            } else {
                short_item(shaper, profile)
            };
            Value::Object(item)
        })
        .collect();
    let mut meta = shaper.read_meta(data.len(), total, "numRecords", Live::Text);
    if let Some((lat, lng)) = centre {
        meta.insert(
            "geosearchCentre".to_owned(),
            object([
                ("lat", shaper.coord(Some(lat), Live::Json)),
                ("lng", shaper.coord(Some(lng), Live::Json)),
            ]),
        );
    }
    Reply::ok(object([
        ("data", Value::Array(data)),
        ("meta", Value::Object(meta)),
    ]))
}

fn short_item(shaper: &Shaper, profile: &StoredProfile) -> Map<String, Value> {
    let mut item = Map::new();
    item.insert("id".to_owned(), shaper.num(profile.id, Live::Text));
    item.insert("name".to_owned(), json!(profile.display_name()));
    item.insert("summary".to_owned(), shaper.text(profile.core("summary")));
    item
}

fn full_item(call: &Call<'_>, profile: &StoredProfile) -> Map<String, Value> {
    let shaper = call.shaper();
    let mut item = short_item(shaper, profile);
    item.insert("date_updated".to_owned(), json!(profile.date_updated));
    for name in core_fields(profile.kind) {
        let value = profile.core(name).filter(|value| !value.is_empty());
        // The live server leaves out address lines 2 to 5 when they are empty.
        if value.is_none() && OMITTED_WHEN_EMPTY.contains(&name) && shaper.live() {
            continue;
        }
        item.insert(name.to_owned(), shaper.text(value));
    }
    item.insert("lat".to_owned(), shaper.coord(profile.lat, Live::Text));
    item.insert("lng".to_owned(), shaper.coord(profile.lng, Live::Text));
    let grid = profile
        .lat
        .zip(profile.lng)
        .map(|(lat, lng)| national_grid(lat, lng));
    let (easting, northing) = match grid {
        Some((e, n)) if e >= 0 && n >= 0 => (
            shaper.num(e as u64, Live::Text),
            shaper.num(n as u64, Live::Text),
        ),
        _ => (shaper.text(None), shaper.text(None)),
    };
    item.insert("northing".to_owned(), northing);
    item.insert("easting".to_owned(), easting);
    let fields = call.shared.config.fields_for(profile.kind.record_kind());
    for field in fields.iter().filter(|field| field.readable) {
        if let Some(value) = profile.custom(&field.label) {
            item.insert(field.wire_name(), custom_json(shaper, value));
        }
    }
    item
}
