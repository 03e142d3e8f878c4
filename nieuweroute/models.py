# The models arrive with this app's issue; the app is installed now so that its
# migrations and translations have a home from the first commit.
