use lamplight::{LamplightRecord, Role};

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct Person {
    first_name: String,
    #[lamplight(skip, role)]
    kind: Role,
}

fn main() {}
