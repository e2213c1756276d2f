"""eTwinning projects: founders, approval by each founder's NSO, members, external (ESEP) partners, kits,
the public gallery and teachers' ESEP history."""
