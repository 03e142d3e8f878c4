app_name = "nieuweroute"
urlpatterns: list = []
