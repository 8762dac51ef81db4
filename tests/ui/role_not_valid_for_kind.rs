use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(organisation, role = "staff")]
struct Charity {
    name: String,
}

fn main() {}
