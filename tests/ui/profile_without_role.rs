use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Person {
    first_name: String,
}

fn main() {}
