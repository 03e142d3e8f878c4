"""Two-factor login for every staff account: a password, then a code from an
authenticator app (TOTP) or one of the account's backup codes.

Built on django-otp's devices and middleware. The views are our own so that the
login stays one form at /inloggen/ (the second step only for accounts that have a
device) and every page satisfies the Content-Security-Policy.
"""
