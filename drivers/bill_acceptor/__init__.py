"""The kiosk's bill acceptor, speaking ccTalk."""
