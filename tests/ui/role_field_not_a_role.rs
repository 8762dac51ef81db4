use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    first_name: String,
    #[lamplight(role)]
    role: String,
}

fn main() {}
