"""The Nieuwe Route's staff pages, in the back office: a route and its meeting, the people
and conversations, the invitations, the plan and the kaders. Every write calls a
nieuweroute service, every page asks nieuweroute.steps which steps are open; the public
page where an invitee answers stays with its app (nieuweroute.views)."""
