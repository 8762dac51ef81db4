use lamplight::{LamplightRecord, Role};

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    #[lamplight(role)]
    role: Option<Role>,
    first_name: String,
}

fn main() {}
