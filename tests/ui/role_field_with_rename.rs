use lamplight::{LamplightRecord, Role};

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    first_name: String,
    #[lamplight(role, rename = "Kind")]
    role: Role,
}

fn main() {}
