use lamplight::{Create, LamplightRecord, ProfileRef, Record, Update};

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    name: String,
    attendee: ProfileRef,
}

fn create<R: Create>(_record: &R) {}
fn update<R: Update>(_record: &R) {}

fn main() {
    let person = Person {
        name: "Sam".into(),
        attendee: ProfileRef::id(1),
    };
    create(&person);
    update(&person);
    let _ = person.to_form();
    let _ = Person::FIELDS;
}
