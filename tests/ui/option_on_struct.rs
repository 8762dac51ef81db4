use lamplight::LamplightOption;

#[derive(LamplightOption)]
struct HeardVia {
    label: String,
}

fn main() {}
