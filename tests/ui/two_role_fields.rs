use lamplight::{LamplightRecord, Role};

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    first_name: String,
    #[lamplight(role)]
    role: Role,
    #[lamplight(role)]
    other_role: Role,
}

fn main() {}
