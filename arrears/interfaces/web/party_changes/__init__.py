"""
Recording and changing a party's details from the party page (issue 2, item 4).

Each page loads the party through `accounts.selectors.party_for_officer` in `load()`, so another
council's party answers 404 for every role, then asks the policy for `Permission.RECORD_MARKER`
(403 without it). A valid form makes one call to `accounts.services`, which writes the rows and
the audit event; a named service exception becomes a GOV.UK error on its field. After a change
the officer goes back to the party page, which shows a success notification banner.
"""
