use lamplight::{LamplightRecord, Role};

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    #[lamplight(role = "user")]
    role: Role,
    first_name: String,
}

fn main() {}
