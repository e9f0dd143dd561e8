"""What the screens say, in French and English (the kiosk lets the bettor choose)."""

from __future__ import annotations

FR, EN = "fr", "en"

TEXT: dict[str, dict[str, str]] = {
    # counter
    "entry": {FR: "Saisie (ex. 1 3 QP 4 7 12 1 9 X2)", EN: "Entry (e.g. 1 3 QP 4 7 12 1 9 X2)"},
    "sell": {FR: "Valider", EN: "Sell"},
    "scan": {FR: "Ticket scanné ou saisi", EN: "Scanned or typed ticket"},
    "check": {FR: "Vérifier", EN: "Check"},
    "pay": {FR: "Payer", EN: "Pay"},
    "cancel": {FR: "Annuler le pari", EN: "Cancel bet"},
    "reprint": {FR: "Réimprimer", EN: "Reprint"},
    "open_shift": {FR: "Ouvrir la caisse", EN: "Open shift"},
    "float": {FR: "Fonds de caisse", EN: "Float"},
    "x_report": {FR: "Rapport X", EN: "X report"},
    "z_report": {FR: "Clôture (Z)", EN: "Close (Z)"},
    "drawer": {FR: "Tiroir", EN: "Drawer"},
    "large_text": {FR: "Grands caractères", EN: "Large text"},
    "contrast": {FR: "Contraste élevé", EN: "High contrast"},
    "race": {FR: "Course", EN: "Race"},
    "odds_board": {FR: "Cotes", EN: "Odds"},
    "online": {FR: "En ligne", EN: "Online"},
    "offline": {FR: "HORS LIGNE", EN: "OFFLINE"},
    "queue": {FR: "En attente : {n}", EN: "Queued: {n}"},
    "printer": {FR: "Imprimante : {s}", EN: "Printer: {s}"},
    "sold": {FR: "Ticket {ticket} imprimé — {cost} €", EN: "Ticket {ticket} printed — {cost} €"},
    "pending": {
        FR: "Pari EN ATTENTE du serveur ({cost} €) : le ticket sera imprimé à l'acceptation",
        EN: "Bet PENDING with the server ({cost} €): the ticket prints once accepted",
    },
    "refused": {FR: "Refusé, remboursez {cost} € : {why}", EN: "Refused, refund {cost} €: {why}"},
    # kiosk
    "touch": {FR: "Touchez l'écran pour parier", EN: "Touch the screen to bet"},
    "age": {
        FR: "Les jeux d'argent sont interdits aux mineurs. Avez-vous 18 ans ou plus ?",
        EN: "Gambling is forbidden to minors. Are you 18 or over?",
    },
    "yes": {FR: "Oui, j'ai 18 ans ou plus", EN: "Yes, I am 18 or over"},
    "no": {FR: "Non", EN: "No"},
    "choose_race": {FR: "Choisissez une course", EN: "Choose a race"},
    "choose_type": {FR: "Choisissez un pari", EN: "Choose a bet"},
    "choose_runners": {FR: "Choisissez {n} cheva(l/ux)", EN: "Choose {n} runner(s)"},
    "stake": {FR: "Mise", EN: "Stake"},
    "summary": {FR: "Récapitulatif", EN: "Summary"},
    "credit": {FR: "Crédit : {amount} €", EN: "Credit: {amount} €"},
    "insert": {FR: "Insérez des billets", EN: "Insert notes"},
    "bet_now": {FR: "Parier {cost} €", EN: "Bet {cost} €"},
    "take_ticket": {FR: "Prenez votre ticket", EN: "Take your ticket"},
    "scan_ticket": {FR: "Scanner un ticket", EN: "Scan a ticket"},
    "collect": {FR: "Encaisser en crédit", EN: "Collect as credit"},
    "cash_out": {FR: "Retirer mon crédit (bon)", EN: "Cash out (voucher)"},
    "back": {FR: "Retour", EN: "Back"},
    "next": {FR: "Suivant", EN: "Next"},
    "no_sales": {
        FR: "Paris indisponibles : {why}. Aucun argent n'est accepté.",
        EN: "Betting unavailable: {why}. No money is taken.",
    },
    "paper_out": {FR: "plus de papier", EN: "out of paper"},
    "server_away": {FR: "serveur injoignable", EN: "server unreachable"},
    "scratched": {FR: "NP", EN: "Scr."},
    "admin_pin": {FR: "Code administrateur", EN: "Administrator PIN"},
    "worth": {FR: "Ce ticket rapporte {amount} €", EN: "This ticket pays {amount} €"},
    "not_winning": {
        FR: "Ce ticket ne rapporte rien ({status})",
        EN: "This ticket pays nothing ({status})",
    },
}


def tr(lang: str, key: str, **values: object) -> str:
    text = TEXT[key].get(lang) or TEXT[key][FR]
    return text.format(**values) if values else text
