use lamplight::{LamplightRecord, Role};

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    #[lamplight(rol)]
    role: Role,
    first_name: String,
}

fn main() {}
