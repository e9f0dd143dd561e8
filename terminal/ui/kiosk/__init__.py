"""The self-service kiosk: touch first, French or English, cash by bill acceptor."""
