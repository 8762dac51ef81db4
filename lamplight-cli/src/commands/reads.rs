//! `workareas`, `work list|show`, `people|orgs|families list|show`.

use futures_util::TryStreamExt;
use lamplight_client::reads::ProfileShape;
use lamplight_client::response::GeoPoint;
use lamplight_client::{
    Client, CustomValue, Profile, ProfileQuery, ProfileSummary, RecordKind, Work, WorkSummary,
    Workarea, WorkareaRef,
};
use serde_json::{Map, Value, json};
use time::PrimitiveDateTime;
use time::macros::format_description;

use crate::cli::{PageArgs, ProfileListArgs, ProfileReadCommand, WorkCommand, WorkListArgs};
use crate::error::CliError;
use crate::output::{self, opt};

/// `lamplight workareas`.
pub async fn workareas(client: &Client, json: bool) -> Result<(), CliError> {
    let areas = client.workareas().await?;
    if json {
        output::print_json(&Value::Array(areas.iter().map(workarea_json).collect()));
        return Ok(());
    }
    let mut rows = Vec::new();
    for area in &areas {
        rows.push(vec![area.id.to_string(), area.text.clone(), String::new()]);
        for child in area.iter().skip(1) {
            rows.push(vec![
                child.id.to_string(),
                child.text.clone(),
                area.text.clone(),
            ]);
        }
    }
    output::print(&output::table(&["id", "workarea", "under"], rows));
    Ok(())
}

/// `query` with the search text, order and page of `args` (a work or a profile listing's
/// arguments) applied: the two query types share these setters but no trait.
macro_rules! with_listing {
    ($query:expr, $args:expr) => {{
        let (mut query, args) = ($query, $args);
        if let Some(search) = &args.search {
            query = query.search(search.clone());
        }
        if let Some(order) = &args.order {
            query = query.order(order.clone());
        }
        if let Some(num) = args.page.num {
            query = query.num(num);
        }
        if let Some(start) = args.page.start {
            query = query.start(start);
        }
        query
    }};
}

fn workarea_json(area: &Workarea) -> Value {
    json!({
        "id": area.id,
        "text": area.text,
        "children": area.children.iter().map(workarea_json).collect::<Vec<_>>(),
    })
}

/// `lamplight work list|show`.
pub async fn work(client: &Client, command: &WorkCommand, json: bool) -> Result<(), CliError> {
    match command {
        WorkCommand::List(args) => work_list(client, args, json).await,
        WorkCommand::Show { id } => {
            let work = client.work_record(*id).await?;
            if json {
                output::print_json(&work_json(&work));
            } else {
                output::print(&output::record(work_pairs(&work)));
            }
            Ok(())
        }
    }
}

async fn work_list(client: &Client, args: &WorkListArgs, json: bool) -> Result<(), CliError> {
    let mut query = client.work();
    if let Some(after) = args.after {
        query = query.after(after);
    }
    if let Some(before) = args.before {
        query = query.before(before);
    }
    if !args.workarea.is_empty() {
        query = query.workarea(args.workarea.clone());
    }
    query = with_listing!(query, args);
    let (records, total) = if args.page.all {
        let records: Vec<WorkSummary> = query.stream().try_collect().await?;
        let total = records.len() as u64;
        (records, Some(total))
    } else {
        let page = query.send().await?;
        (page.records, page.total)
    };
    if json {
        output::print_json(&json!({
            "records": records.iter().map(work_summary_json).collect::<Vec<_>>(),
            "total": total,
        }));
        return Ok(());
    }
    let rows = records.iter().map(|work| {
        vec![
            work.id.to_string(),
            work.title.clone(),
            date_time(work.start_date),
            date_time(work.end_date),
            workareas_text(&work.workarea),
            yes_no(work.may_add_attend),
            places(work.num_users_attending, work.maximum_num_users_allowed),
        ]
    });
    output::print(&output::table(
        &[
            "id",
            "title",
            "starts",
            "ends",
            "workarea",
            "attend via API",
            "attending",
        ],
        rows,
    ));
    print_count(records.len(), total);
    Ok(())
}

fn print_count(shown: usize, total: Option<u64>) {
    match total {
        Some(total) => output::print(&format!("{shown} shown of {total}")),
        None => output::print(&format!("{shown} shown")),
    }
}

fn work_summary_json(work: &WorkSummary) -> Value {
    json!({
        "id": work.id,
        "title": work.title,
        "start_date": date_time_json(work.start_date),
        "end_date": date_time_json(work.end_date),
        "workarea": workareas_json(&work.workarea),
        "may_add_attend": work.may_add_attend,
        "num_users_attending": work.num_users_attending,
        "maximum_num_users_allowed": work.maximum_num_users_allowed,
    })
}

fn work_json(work: &Work) -> Value {
    let locations: Vec<Value> = work
        .locations()
        .iter()
        .map(|location| {
            json!({
                "name": location.name,
                "address_lines": location.address_lines,
                "postcode": location.postcode,
                "description": location.description,
                "website": location.website,
                "disabled_access": location.disabled_access,
                "contact_phone": location.contact_phone,
            })
        })
        .collect();
    json!({
        "id": work.id,
        "title": work.title,
        "start_date": date_time_json(work.start_date),
        "end_date": date_time_json(work.end_date),
        "workarea": workareas_json(&work.workarea),
        "workarea_text": work.workarea_text,
        "sub_workareas": workareas_json(&work.sub_workareas),
        "may_add_attend": work.may_add_attend,
        "num_users_attending": work.num_users_attending,
        "maximum_num_users_allowed": work.maximum_num_users_allowed,
        "places_left": work.places_left(),
        "description": work.description,
        "summary": work.summary,
        "followup": work.followup,
        "locations": locations,
        "custom": custom_json(work.custom_fields.iter()),
    })
}

fn work_pairs(work: &Work) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("id".to_owned(), work.id.to_string()),
        ("title".to_owned(), work.title.clone()),
        ("starts".to_owned(), date_time(work.start_date)),
        ("ends".to_owned(), date_time(work.end_date)),
        ("workarea".to_owned(), workareas_text(&work.workarea)),
        ("workarea name".to_owned(), opt(&work.workarea_text)),
        ("attend via API".to_owned(), yes_no(work.may_add_attend)),
        (
            "attending".to_owned(),
            places(work.num_users_attending, work.maximum_num_users_allowed),
        ),
        ("summary".to_owned(), opt(&work.summary)),
        ("description".to_owned(), opt(&work.description)),
    ];
    for location in work.locations() {
        let mut parts: Vec<String> = location.name.iter().cloned().collect();
        parts.extend(location.address_lines.iter().cloned());
        parts.extend(location.postcode.iter().cloned());
        pairs.push(("location".to_owned(), parts.join(", ")));
    }
    for (name, value) in work.custom_fields.iter() {
        pairs.push((name.replace('_', " "), value.to_string()));
    }
    pairs
}

/// `lamplight people|orgs|families list|show`.
pub async fn profiles(
    client: &Client,
    kind: RecordKind,
    command: &ProfileReadCommand,
    json: bool,
) -> Result<(), CliError> {
    match command {
        ProfileReadCommand::Show { id, role } => {
            let profile = match kind {
                RecordKind::Organisation => client.org(*role, *id).await?,
                RecordKind::Family => client.family(*role, *id).await?,
                _ => client.person(*role, *id).await?,
            };
            if json {
                output::print_json(&profile_json(&profile));
            } else {
                output::print(&output::record(profile_pairs(&profile)));
            }
            Ok(())
        }
        ProfileReadCommand::List(args) => {
            let query = match kind {
                RecordKind::Organisation => client.orgs(args.role),
                RecordKind::Family => client.families(args.role),
                _ => client.people(args.role),
            };
            let query = filtered(query, args);
            // A `near` search returns full profiles.
            if let Some(near) = &args.near {
                let query = query.near(near.clone(), args.radius);
                let (records, total, centre) = fetch(query, &args.page).await?;
                print_full(&records, total, centre, json);
            } else if args.full {
                let (records, total, centre) = fetch(query.full(), &args.page).await?;
                print_full(&records, total, centre, json);
            } else {
                let (records, total, centre) = fetch(query, &args.page).await?;
                if json {
                    output::print_json(&json!({
                        "records": records.iter().map(summary_json).collect::<Vec<_>>(),
                        "total": total,
                        "centre": centre_json(centre),
                    }));
                } else {
                    let rows = records
                        .iter()
                        .map(|p| vec![p.id.to_string(), p.name.clone(), opt(&p.summary)]);
                    output::print(&output::table(&["id", "name", "summary"], rows));
                    print_count(records.len(), total);
                }
            }
            Ok(())
        }
    }
}

fn print_full(records: &[Profile], total: Option<u64>, centre: Option<GeoPoint>, json: bool) {
    if json {
        output::print_json(&json!({
            "records": records.iter().map(profile_json).collect::<Vec<_>>(),
            "total": total,
            "centre": centre_json(centre),
        }));
    } else {
        let rows = records.iter().map(|profile| {
            vec![
                profile.id.to_string(),
                profile.display_name(),
                opt(&profile.postcode),
                opt(&profile.email),
                opt(&profile.mobile),
                profile
                    .custom_fields
                    .iter()
                    .map(|(name, value)| format!("{}: {value}", name.replace('_', " ")))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        });
        output::print(&output::table(
            &["id", "name", "postcode", "email", "mobile", "custom fields"],
            rows,
        ));
        print_count(records.len(), total);
    }
}

fn filtered(mut query: ProfileQuery, args: &ProfileListArgs) -> ProfileQuery {
    for filter in &args.filter {
        query = query.filter(&filter.label, filter.value.clone());
    }
    with_listing!(query, args)
}

type Fetched<T> = (Vec<T>, Option<u64>, Option<GeoPoint>);

async fn fetch<S: ProfileShape>(
    query: ProfileQuery<S>,
    page: &PageArgs,
) -> Result<Fetched<S::Record>, CliError> {
    if page.all {
        let records: Vec<S::Record> = query.stream().try_collect().await?;
        let total = records.len() as u64;
        Ok((records, Some(total), None))
    } else {
        let page = query.send().await?;
        Ok((page.records, page.total, page.centre))
    }
}

fn centre_json(centre: Option<GeoPoint>) -> Value {
    centre.map_or(Value::Null, |c| json!({"lat": c.lat, "lng": c.lng}))
}

fn summary_json(profile: &ProfileSummary) -> Value {
    json!({"id": profile.id, "name": profile.name, "summary": profile.summary})
}

fn profile_json(profile: &Profile) -> Value {
    json!({
        "id": profile.id,
        "display_name": profile.display_name(),
        "name": profile.name,
        "first_name": profile.first_name,
        "surname": profile.surname,
        "summary": profile.summary,
        "address_lines": profile.address_lines().collect::<Vec<_>>(),
        "postcode": profile.postcode,
        "email": profile.email,
        "web": profile.web,
        "phone": profile.phone,
        "mobile": profile.mobile,
        "date_updated": date_time_json(profile.date_updated),
        "lat": profile.lat,
        "lng": profile.lng,
        "northing": profile.northing,
        "easting": profile.easting,
        "custom": custom_json(profile.custom_fields.iter()),
    })
}

fn profile_pairs(profile: &Profile) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("id".to_owned(), profile.id.to_string()),
        ("name".to_owned(), profile.display_name()),
        ("summary".to_owned(), opt(&profile.summary)),
        (
            "address".to_owned(),
            profile.address_lines().collect::<Vec<_>>().join(", "),
        ),
        ("postcode".to_owned(), opt(&profile.postcode)),
        ("email".to_owned(), opt(&profile.email)),
        ("phone".to_owned(), opt(&profile.phone)),
        ("mobile".to_owned(), opt(&profile.mobile)),
        ("web".to_owned(), opt(&profile.web)),
        ("updated".to_owned(), date_time(profile.date_updated)),
    ];
    for (name, value) in profile.custom_fields.iter() {
        pairs.push((name.replace('_', " "), value.to_string()));
    }
    pairs
}

/// Custom fields as a JSON object by label (wire names with `_` shown as spaces).
fn custom_json<'a>(fields: impl Iterator<Item = (&'a str, &'a CustomValue)>) -> Value {
    let mut map = Map::new();
    for (name, value) in fields {
        let value = match value {
            CustomValue::Text(text) => Value::String(text.clone()),
            CustomValue::List(items) => {
                Value::Array(items.iter().cloned().map(Value::String).collect())
            }
        };
        map.insert(name.replace('_', " "), value);
    }
    Value::Object(map)
}

fn workareas_text(refs: &[WorkareaRef]) -> String {
    refs.iter()
        .map(|r| match r {
            WorkareaRef::Id(id) => id.to_string(),
            WorkareaRef::Name(name) => name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn workareas_json(refs: &[WorkareaRef]) -> Value {
    Value::Array(
        refs.iter()
            .map(|r| match r {
                WorkareaRef::Id(id) => json!(id),
                WorkareaRef::Name(name) => json!(name),
            })
            .collect(),
    )
}

fn date_time(value: Option<PrimitiveDateTime>) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]");
    value
        .and_then(|value| value.format(format).ok())
        .unwrap_or_default()
}

fn date_time_json(value: Option<PrimitiveDateTime>) -> Value {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    value
        .and_then(|value| value.format(format).ok())
        .map_or(Value::Null, Value::String)
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}

fn places(attending: Option<u32>, maximum: Option<u32>) -> String {
    match (attending, maximum) {
        (Some(n), Some(max)) => format!("{n} of {max}"),
        (Some(n), None) => n.to_string(),
        _ => String::new(),
    }
}
