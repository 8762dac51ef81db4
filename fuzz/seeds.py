#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz targets into corpus/<target>/.

decode_reply and cli_map are seeded from the test fixtures and the CLI's example maps instead
(copied by hand: cp ../lamplight-core/tests/fixtures/*.json corpus/decode_reply/, and
cp ../lamplight-cli/maps/*.toml corpus/cli_map/). Run from fuzz/.
"""
import hashlib
import os

def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join("corpus", target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)

# sandbox_request: flags byte (bit 0 POST, bit 1 credentials), target line, form body.
GET, POST, CREDS = 0, 1, 2
requests = [
    (GET | CREDS, "workarea/all/format/json", ""),
    (GET | CREDS, "work/some/format/json?after=2026-01-01&num=5&start=0", ""),
    (GET | CREDS, "work/some/format/json?workarea=3&order=title&q=club", ""),
    (GET | CREDS, "work/one/format/json?id=30936", ""),
    (GET | CREDS, "work/one/id/30936/format/json", ""),
    (GET | CREDS, "people/some/format/json?role=user&q=Sam&return=full", ""),
    (GET | CREDS, "people/one/format/json?id=653&role=user", ""),
    (GET | CREDS, "people/some/format/json?near=SW1A+1AA&nearRadius=5", ""),
    (GET | CREDS, "orgs/some/format/json?role=org", ""),
    (GET, "workarea/all/format/json?lampid=1&project=1&key=wrong", ""),
    (GET, "__sandbox/state", ""),
    (GET | CREDS, "/__sandbox/state", ""),
    (POST | CREDS, "referral/add/format/json",
     "attendee=653&referral_reason=Needs+support&workareaid=11&How_did_you_hear=Website"
     "&Support_needed[0]=Confidence&Support_needed[1]=Education&school_year=9"),
    (POST | CREDS, "referral/add/format/json",
     "attendee=sam%40example.org&referrer=658&referral_reason=x&date_from=2026-01-05+10%3A00%3A00"
     "&Support_needed%5B0%5D=Wellbeing&Support_needed[]=Art"),
    (POST | CREDS, "people/add/format/json",
     "role=user&first_name=Sam&surname=Patel&postcode=SW1A+1AA&email=sam%40example.org"
     "&Interests[]=Art&Interests[]=Music&publishable=1"),
    (POST | CREDS, "people/update/format/json", "id=653&role=user&mobile=07700900456"),
    (POST | CREDS, "orgs/add/format/json", "role=org&name=Acme+Trust&postcode=SE1+9SG"),
    (POST | CREDS, "family/update/format/json", "id=660&role=user&name=Patel"),
    (POST | CREDS, "work/attend/format/json", "id=30936,30937&attendee=653&attendee_notes=hi"),
    (POST | CREDS, "people/relationship/format/json",
     "id=653&related_profile_id=658&relationship_id=1&role=user"),
    (POST | CREDS, "people/group/format/json", "id=653&group_id=5&date_joined=2026-01-01&role=user"),
    (POST | CREDS, "referral/add/format/json", "attendee=653&referral_reason=%3Cb%3Ebold%3C%2Fb%3E"),
    (POST | CREDS, "referral/add/format/json", "attendee=653&referral_reason=%ZZ&x[=1&%FF=%C3%28"),
    (GET | CREDS, "volunteers/all/format/json", ""),
]
for flags, target, body in requests:
    seed("sandbox_request", bytes([flags]) + target.encode() + b"\n" + body.encode())

# cli_csv: the map file, a NUL byte, the CSV file.
def read(path):
    with open(path, "rb") as f:
        return f.read()
seed("cli_csv", read("../lamplight-cli/maps/referrals.toml") + b"\0" + read("../lamplight-cli/maps/referrals.csv"))
seed("cli_csv", read("../lamplight-cli/maps/people.toml") + b"\0" + read("../lamplight-cli/maps/people.csv"))
simple_map = b'[fields]\nattendee = "Email"\nreason = "Why"\n"How did you hear" = "Source"\n' \
    b'"Support needed" = { column = "Needs", separator = ";" }\n\n[constants]\nworkarea = 11\n\n' \
    b'[defaults]\n"How did you hear" = "Other"\n'
seed("cli_csv", simple_map + b"\0" + b"Email,Why,Source,Needs\r\n653,\"a, b\",Website,Art;;Music\r\nx@y,,,\r\n")
seed("cli_csv", simple_map + b"\0" + b"\xef\xbb\xbfEmail,Why\n653,caf\xe9\n654\n")
seed("cli_csv", simple_map + b"\0" + b"Email,Why,Why\n653,x,y\n")

# cli_journal: journals as an import writes them, and damaged ones.
header = "# lamplight import journal 1: referrals\n"
seed("cli_journal", header + "row 1 started 9f3a2b1c00112233\nrow 1 done id 5001\n"
     "row 2 failed: line 3, column `Email` (field `attendee`): `x` is not an email address\n"
     "row 3 started 0b1c2d3e4f506172\nrow 4 started 1122334455667788\n"
     "row 4 uncertain: could not reach Lamplight\nrow 5 unsent: could not reach Lamplight\n")
seed("cli_journal", header + "row 1 started 9f3a2b1c00112233\nrow 1 do")
seed("cli_journal", "# lamplight import journal 1: people/person/user\nrow 1 done id 1\n")
seed("cli_journal", header + "row 18446744073709551615 started ffffffffffffffff\n")
seed("cli_journal", header + "\r\nrow 0 done id 1\n")

# parse_values: postcodes, email addresses, profile ids.
for text in ["SW1A 1AA", "sw1a1aa", " ec1a 1bb ", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH",
             "DN55 1PT", "SW1A 1CA", "GIR 0AA", "AA9A9AA", "\u00e9C1A 1BB", "sam.patel@example.org",
             " a@b.co ", "a@@b.co", "a@b..co", "<a@b.co>", "653", " 42 ", "18446744073709551616",
             "-1", "+7", ""]:
    seed("parse_values", text)

# form_roundtrip: name, NUL, value, NUL, ...; a name starting with \x01 is an array item.
for pairs in [
    [("referral_reason", "Needs support & advice"), ("\x01Interests", "Art"), ("\x01Interests", "Music")],
    [("How did you hear", "Website"), ("a+b=c&d", "100% sure; caf\u00e9 \u2603")],
    [("notes", "age < 18"), ("notes", "<b>bold</b>"), ("x", "a<b c>d")],
    [("", ""), ("%41", "%2"), ("name[]", "[0]")],
]:
    seed("form_roundtrip", "\0".join(part for pair in pairs for part in pair))

# schema_file: lamplight.toml documents (also seeded with ../lamplight-sandbox/sandbox.example.toml).
seed("schema_file", '''[[fields.referral]]
label = "How did you hear"
type = "select"
required = true
options = [{ id = 1, label = "Website" }, { id = 2, label = "Word of mouth" }]

[[fields.person]]
id = 123
label = "Interests"
type = "multi-select"
writable = false
options = [{ id = 7, label = "Art" }]

[[workareas]]
id = 1
name = "Youth work"
''')
seed("schema_file", '[[fields.referral]]\nlabel = "Heard via"\ntype = "colour"\n')
seed("schema_file", '[[fields.family]]\nlabel = "A"\ntype = "text"\n[[fields.family]]\nlabel = "a"\ntype = "text"\n')
