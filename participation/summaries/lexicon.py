"""The Indonesian word lists the summaries' text analysis uses: the slang map, the negations that
flip a stance, and the stop words. Data only; ``textproc`` applies them.
"""

from __future__ import annotations

__all__ = ["NEGATIONS", "SLANG", "STOPWORDS"]


# Informal spellings seen in Indonesian public comments (WhatsApp/social-media register).
# Values may hold several words ("dll" -> "dan lain lain"); keys are already lowercase and
# have had repeated letters collapsed, because lookup happens after collapsing.
SLANG: dict[str, str] = {
    "yg": "yang",
    "yng": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "dng": "dengan",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "tak": "tidak",
    "kagak": "tidak",
    "utk": "untuk",
    "untk": "untuk",
    "u": "untuk",
    "krn": "karena",
    "karna": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blom": "belum",
    "bgt": "banget",
    "tp": "tapi",
    "tpi": "tapi",
    "jd": "jadi",
    "jdi": "jadi",
    "dr": "dari",
    "dri": "dari",
    "pd": "pada",
    "sy": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "gua": "saya",
    "kalo": "kalau",
    "klo": "kalau",
    "kl": "kalau",
    "dll": "dan lain lain",
    "dsb": "dan sebagainya",
    "pemkot": "pemerintah kota",
    "pemda": "pemerintah daerah",
    "perda": "peraturan daerah",
    "raperda": "rancangan peraturan daerah",
    "perwali": "peraturan wali kota",
    "ortu": "orang tua",
    "bpk": "bapak",
    "bp": "bapak",
    "ibu2": "ibu ibu",
    "sm": "sama",
    "sma": "sama",
    "aja": "saja",
    "aj": "saja",
    "sj": "saja",
    "jg": "juga",
    "jga": "juga",
    "lg": "lagi",
    "lgi": "lagi",
    "bs": "bisa",
    "bsa": "bisa",
    "hrs": "harus",
    "msh": "masih",
    "masi": "masih",
    "org": "orang",
    "orng": "orang",
    "bnyk": "banyak",
    "byk": "banyak",
    "skrg": "sekarang",
    "skg": "sekarang",
    "sekrg": "sekarang",
    "trs": "terus",
    "trus": "terus",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "knp": "kenapa",
    "kpn": "kapan",
    "dmn": "di mana",
    "mksd": "maksud",
    "tsb": "tersebut",
    "spt": "seperti",
    "kyk": "seperti",
    "kayak": "seperti",
    "sblm": "sebelum",
    "stlh": "setelah",
    "thd": "terhadap",
    "trhdp": "terhadap",
    "dpt": "dapat",
    "dapet": "dapat",
    "mrk": "mereka",
    "kami2": "kami",
    "tlg": "tolong",
    "mhn": "mohon",
    "makasih": "terima kasih",
    "mksh": "terima kasih",
    "trims": "terima kasih",
    "thx": "terima kasih",
    "bener": "benar",
    "emang": "memang",
    "mmg": "memang",
    "kok": "kok",
    "pake": "pakai",
    "pk": "pakai",
    "gratisan": "gratis",
    "duit": "uang",
    "mobil2": "mobil mobil",
    "jln": "jalan",
    "jl": "jalan",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "pkl": "pedagang kaki lima",
    "dprd": "dprd",
    "wali2": "wali",
    "nyampah": "membuang sampah",
    "ngurus": "mengurus",
    "bikin": "membuat",
    "cuma": "hanya",
    "cuman": "hanya",
    "doang": "saja",
}

# Words that carry stance ("tidak setuju" vs "setuju"); callers that judge stance keep them.
NEGATIONS: frozenset[str] = frozenset({"tidak", "bukan", "jangan", "belum"})

# Common Indonesian function words (~200). Kept deliberately short of Sastrawi's 800-word list,
# which also drops content words such as "jalan" and "bisa" that matter for themes.
STOPWORDS: frozenset[str] = frozenset(
    """
    ada adalah adanya agar akan akankah akhirnya aku amat anda antara apa apakah apalagi atas
    atau bagaimana bagi bahkan bahwa banget banyak beberapa begitu belum benar berapa berbagai
    bersama beserta bila bisa boleh bukan bukankah cukup dahulu dalam dan dapat dari daripada
    demi demikian dengan di dia dini diri dong dulu guna hal hanya harus hingga ia ialah ini
    itu jadi jangan jika juga justru kala kalau kami kamu kan kapan karena kata ke kecuali
    kemudian kenapa kepada ketika kini kita kok lagi lah lain lalu lebih maka malah mana
    masih mau melainkan memang mereka merupakan meski mungkin namun nanti nya oleh pada
    padahal paling para per pernah pula pun saat saja sama sambil sampai sangat saya se
    sebab sebagai sebagaimana sebelum sebenarnya sebuah sedang sedangkan sehingga sekali
    sekarang selain selalu seluruh semua sementara sendiri seperti sering serta sesuai
    setelah setiap sini situ supaya tadi tanpa tapi telah tentang tentu terhadap terlalu
    tersebut tetapi tidak tiap toh untuk walau walaupun yaitu yakni yang ya pak bu bapak ibu
    mohon tolong terima kasih salam hormat assalamualaikum wassalamualaikum wr wb selamat
    pagi siang sore malam sih deh nah kah tah pula hanya sudah akan sedang lagi pun
    mari ayo oke ok iya tuh nih gitu begini begitulah dimana kemana darimana sana situlah
    agak baik baiklah beri bilang buat ingin jelas kasih kembali kurang lama maupun menurut
    misalnya nantinya pertama kedua ketiga rasa saja sebanyak secara sedikit segera sekitar
    semacam sesudah tahu tampak tetap tiba ujar umumnya
    """.split()
)
