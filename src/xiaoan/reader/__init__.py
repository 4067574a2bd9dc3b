"""Reading briefings into records: `parsing` proposes, a person confirms, the
services of the other apps create (see `services.do_confirm_reading`)."""
