"""
Ledger actions in the officer UI: record a payment, post a charge or debit adjustment, write
off, refund, and reverse an entry (issue 2, item 5: every penny moves by an explicit entry).

Each action is one page at one URL, in three steps (the GOV.UK "check answers" pattern):

1. GET shows the form.
2. POST checks the answers and, when they are good, shows them back on a "Check your answers"
   page with what will happen (for a payment or write-off, how it will be allocated, oldest
   charge first). Nothing is written. The answers travel back as hidden fields, so no
   half-finished action waits in the session and two tabs on two accounts cannot mix answers.
3. POST with `step=confirm` checks the answers again and makes the one service call; the
   service's named exceptions become errors on the form. Success goes back to the account page
   with a success banner naming the entry.

`step=change` (the "Change" buttons on the check page) shows the form again, filled in.

Every page loads the account through `accounts.selectors.account_for_officer`, and an entry only
from within that account, before the role check (`access.PermissionRequired`), so another
council's account or entry is a 404 for every role.

Refunds need `Permission.APPROVE_REFUND`: money leaving the council needs approval, and until
issue 7 adds the two-person approval flow only an officer who may approve a refund may make one.
"""
