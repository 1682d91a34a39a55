// demo_pools.cpp — word lists for the demo data. Invented companies; phone numbers come from
// fictional ranges where a country has them (see demo_phones.cpp).
//
// Index of this file
//   [SECTION] names
//   [SECTION] texts: companies, positions, notes, streets
//   [SECTION] regions and cities
//   [SECTION] shared lists
//   [SECTION] surname agreement
#include "demo_pools.hpp"

namespace cc::demo {

// [SECTION] names --------------------------------------------------------------------------------

static const name_pool russian_names{
    true,
    {{"Иван", "ivan"}, {"Алексей", "aleksey"}, {"Дмитрий", "dmitry"}, {"Сергей", "sergey"},
     {"Андрей", "andrey"}, {"Михаил", "mikhail"}, {"Николай", "nikolay"}, {"Павел", "pavel"},
     {"Артём", "artem"}, {"Максим", "maksim"}, {"Егор", "egor"}, {"Владимир", "vladimir"},
     {"Олег", "oleg"}, {"Кирилл", "kirill"}, {"Роман", "roman"}, {"Денис", "denis"},
     {"Евгений", "evgeny"}, {"Илья", "ilya"}, {"Григорий", "grigory"}, {"Фёдор", "fedor"}},
    {{"Анна", "anna"}, {"Мария", "maria"}, {"Елена", "elena"}, {"Ольга", "olga"},
     {"Наталья", "natalya"}, {"Татьяна", "tatyana"}, {"Ирина", "irina"}, {"Екатерина", "ekaterina"},
     {"Светлана", "svetlana"}, {"Юлия", "yulia"}, {"Анастасия", "anastasia"}, {"Дарья", "darya"},
     {"Ксения", "ksenia"}, {"Алёна", "alena"}, {"Полина", "polina"}, {"Виктория", "viktoria"},
     {"Марина", "marina"}, {"Софья", "sofya"}, {"Людмила", "lyudmila"}, {"Вера", "vera"}},
    {{"Петров", "petrov"}, {"Иванов", "ivanov"}, {"Смирнов", "smirnov"}, {"Кузнецов", "kuznetsov"},
     {"Попов", "popov"}, {"Васильев", "vasilyev"}, {"Соколов", "sokolov"}, {"Михайлов", "mikhaylov"},
     {"Новиков", "novikov"}, {"Фёдоров", "fedorov"}, {"Морозов", "morozov"}, {"Волков", "volkov"},
     {"Алексеев", "alekseev"}, {"Лебедев", "lebedev"}, {"Семёнов", "semenov"}, {"Егоров", "egorov"},
     {"Павлов", "pavlov"}, {"Козлов", "kozlov"}, {"Степанов", "stepanov"}, {"Никитин", "nikitin"},
     {"Орлов", "orlov"}, {"Зайцев", "zaytsev"}, {"Соловьёв", "solovyev"}, {"Сорокин", "sorokin"},
     {"Ильин", "ilyin"}, {"Гончаров", "goncharov"}, {"Ковалевский", "kovalevsky"},
     {"Жуковский", "zhukovsky"}, {"Вишневецкий", "vishnevetsky"}, {"Толстой", "tolstoy"},
     {"Ким", "kim"}, {"Шевченко", "shevchenko"}, {"Бондаренко", "bondarenko"}},
    {{"Сергеевич", "sergeevich"}, {"Александрович", "aleksandrovich"}, {"Иванович", "ivanovich"},
     {"Викторович", "viktorovich"}, {"Петрович", "petrovich"}, {"Андреевич", "andreevich"},
     {"Михайлович", "mikhaylovich"}},
    {{"Сергеевна", "sergeevna"}, {"Александровна", "aleksandrovna"}, {"Ивановна", "ivanovna"},
     {"Викторовна", "viktorovna"}, {"Петровна", "petrovna"}, {"Андреевна", "andreevna"},
     {"Михайловна", "mikhaylovna"}},
};

static const name_pool kazakh_names{
    true,
    {{"Нурлан", "nurlan"}, {"Ержан", "erzhan"}, {"Асхат", "askhat"}, {"Бауыржан", "bauyrzhan"},
     {"Даурен", "dauren"}, {"Арман", "arman"}, {"Тимур", "timur"}, {"Серик", "serik"},
     {"Алексей", "aleksey"}, {"Дмитрий", "dmitry"}},
    {{"Айгерим", "aigerim"}, {"Асель", "asel"}, {"Динара", "dinara"}, {"Жанар", "zhanar"},
     {"Гульнара", "gulnara"}, {"Камила", "kamila"}, {"Айнур", "ainur"}, {"Мадина", "madina"},
     {"Елена", "elena"}, {"Ольга", "olga"}},
    {{"Ахметов", "akhmetov"}, {"Касымов", "kasymov"}, {"Нурланов", "nurlanov"},
     {"Сейткалиев", "seitkaliev"}, {"Жумабаев", "zhumabaev"}, {"Омаров", "omarov"},
     {"Султанов", "sultanov"}, {"Абдрахманов", "abdrakhmanov"}, {"Искаков", "iskakov"},
     {"Тулегенов", "tulegenov"}, {"Ким", "kim"}, {"Петров", "petrov"}},
    {},
    {},
};

static const name_pool ukrainian_names{
    true,
    {{"Олександр", "oleksandr"}, {"Андрій", "andrii"}, {"Дмитро", "dmytro"}, {"Сергій", "serhii"},
     {"Тарас", "taras"}, {"Богдан", "bohdan"}, {"Микола", "mykola"}, {"Василь", "vasyl"}},
    {{"Олена", "olena"}, {"Наталія", "nataliia"}, {"Оксана", "oksana"}, {"Ірина", "iryna"},
     {"Тетяна", "tetiana"}, {"Юлія", "yuliia"}, {"Марія", "mariia"}, {"Катерина", "kateryna"}},
    {{"Шевченко", "shevchenko"}, {"Бондаренко", "bondarenko"}, {"Коваленко", "kovalenko"},
     {"Ткаченко", "tkachenko"}, {"Кравченко", "kravchenko"}, {"Мельник", "melnyk"},
     {"Бойко", "boiko"}, {"Ковальчук", "kovalchuk"}, {"Олійник", "oliinyk"},
     {"Поліщук", "polishchuk"}, {"Вишневський", "vyshnevskyi"}, {"Литвиненко", "lytvynenko"}},
    {},
    {},
};

static const name_pool english_names{
    false,
    {{"James", "james"}, {"John", "john"}, {"Robert", "robert"}, {"Michael", "michael"},
     {"William", "william"}, {"David", "david"}, {"Thomas", "thomas"}, {"Daniel", "daniel"},
     {"Matthew", "matthew"}, {"Andrew", "andrew"}, {"George", "george"}, {"Oliver", "oliver"},
     {"Harry", "harry"}, {"Jack", "jack"}, {"Ethan", "ethan"}},
    {{"Mary", "mary"}, {"Emma", "emma"}, {"Olivia", "olivia"}, {"Sophia", "sophia"},
     {"Emily", "emily"}, {"Charlotte", "charlotte"}, {"Amelia", "amelia"}, {"Jessica", "jessica"},
     {"Sarah", "sarah"}, {"Laura", "laura"}, {"Grace", "grace"}, {"Chloe", "chloe"},
     {"Hannah", "hannah"}, {"Lucy", "lucy"}, {"Megan", "megan"}},
    {{"Smith", "smith"}, {"Johnson", "johnson"}, {"Williams", "williams"}, {"Brown", "brown"},
     {"Jones", "jones"}, {"Miller", "miller"}, {"Davis", "davis"}, {"Wilson", "wilson"},
     {"Taylor", "taylor"}, {"Clark", "clark"}, {"Walker", "walker"}, {"Wright", "wright"},
     {"Hall", "hall"}, {"Green", "green"}, {"Baker", "baker"}, {"Turner", "turner"},
     {"Cooper", "cooper"}, {"Evans", "evans"}, {"Hughes", "hughes"}, {"O'Brien", "obrien"}},
    {},
    {},
};

static const name_pool german_names{
    false,
    {{"Lukas", "lukas"}, {"Jonas", "jonas"}, {"Felix", "felix"}, {"Maximilian", "maximilian"},
     {"Paul", "paul"}, {"Jürgen", "juergen"}, {"Stefan", "stefan"}, {"Tobias", "tobias"}},
    {{"Lena", "lena"}, {"Marie", "marie"}, {"Sophie", "sophie"}, {"Hannah", "hannah"},
     {"Lea", "lea"}, {"Jana", "jana"}, {"Katrin", "katrin"}, {"Sabine", "sabine"}},
    {{"Müller", "mueller"}, {"Schmidt", "schmidt"}, {"Schneider", "schneider"},
     {"Fischer", "fischer"}, {"Weber", "weber"}, {"Meyer", "meyer"}, {"Wagner", "wagner"},
     {"Becker", "becker"}, {"Schäfer", "schaefer"}, {"Köhler", "koehler"},
     {"Weiß", "weiss"}, {"Hoffmann", "hoffmann"}},
    {},
    {},
};

// [SECTION] texts: companies, positions, notes, streets --------------------------------------------

static const text_pool russian_texts{
    {{"ООО «Ромашка»", "romashka"}, {"ООО «Вектор»", "vektor"}, {"АО «ТехноСфера»", "technosphera"},
     {"ООО «Альфа-Трейд»", "alfa-trade"}, {"ООО «Северный ветер»", "severveter"},
     {"АО «Горизонт»", "gorizont"}, {"ООО «СтройМаркет»", "stroymarket"}, {"ООО «Профит»", "profit"},
     {"ООО «МедиаГрупп»", "mediagroup"}, {"АО «Восток-Логистик»", "vostok-logistic"},
     {"ООО «Зелёный сад»", "zelsad"}, {"ООО «Белый медведь»", "belmedved"},
     {"ИП Сафонова", "safonova"}, {"ООО «Школа английского „Оксфорд“»", "oxford-school"}},
    {"Менеджер", "Директор", "Генеральный директор", "Маркетолог", "Бухгалтер",
     "Руководитель отдела продаж", "Предприниматель", "Дизайнер", "Программист", "HR-менеджер",
     "Владелец", "Администратор", "Главный инженер", "Менеджер по закупкам"},
    {"Звонить после 18:00", "Предпочитает общение в Telegram", "Интересуется оптовыми закупками",
     "Просил не звонить по выходным", "Оплачивает по счёту, нужны закрывающие документы",
     "Участвовал в вебинаре, ждёт запись", "Постоянный клиент с 2021 года",
     "Возврат оформлен, ждёт деньги на карту", "Перезвонить в понедельник.\nОбсудить скидку 10%.",
     "Говорит быстро, лучше писать", "Купил курс в рассрочку, 3 платежа из 6",
     "Нужен счёт на юрлицо — реквизиты в почте", "Хочет демо для команды из 12 человек"},
    {"Рассылает рекламу в чат", "Спам-ссылки в сообщениях, не отвечать"},
    {"ул. Ленина", "ул. Баумана", "пр. Мира", "ул. Садовая", "ул. Пушкина", "ул. Гагарина",
     "ул. Советская", "ул. Лесная", "ул. Молодёжная", "Цветной бульвар", "ул. Набережная",
     "ул. Чехова"},
};

static const text_pool english_texts{
    {{"Northwind Ltd", "northwind"}, {"Blue River Inc", "blueriver"},
     {"Brightline Media Ltd", "brightline"}, {"Oakwood Partners LLC", "oakwood"},
     {"Greenfield Foods Inc", "greenfield"}, {"Silverline Consulting Ltd", "silverline"},
     {"Harbor Analytics Inc", "harboranalytics"}, {"Redstone Logistics Ltd", "redstone"},
     {"Maple & Finch Design Co.", "maplefinch"}, {"Summit Learning Inc", "summitlearning"}},
    {"Sales Manager", "CEO", "Marketing Manager", "Accountant", "Software Engineer", "Founder",
     "Designer", "Head of Sales", "Product Manager", "Office Manager", "Consultant"},
    {"Call after 6 pm", "Prefers WhatsApp", "Asked for an invoice in EUR",
     "Interested in the annual plan", "Do not call on weekends", "Met at the Berlin expo",
     "Wants a demo for a team of 20", "Refund processed on 12 March",
     "Follow up next week.\nSend the price list first."},
    {"Sends ads to the chat", "Spam links, do not reply"},
    {"Main Street", "Oak Avenue", "Maple Drive", "High Street", "Park Road", "Church Lane",
     "Market Street", "Station Road", "Elm Street", "King Street"},
};

static const text_pool german_texts{
    {{"Müller & Söhne GmbH", "mueller-soehne"}, {"Nordlicht Software GmbH", "nordlicht"},
     {"Bergmann Logistik AG", "bergmann-logistik"}, {"Sonnenblick Medien GmbH", "sonnenblick"},
     {"Weißdorn Consulting GmbH", "weissdorn"}},
    {"Geschäftsführer", "Vertriebsleiter", "Entwickler", "Marketing Manager", "Einkäufer",
     "Buchhalterin"},
    {"Bitte nur per E-Mail kontaktieren", "Rechnung auf Firma, USt-IdNr. im Profil",
     "Interessiert am Jahresabo", "Call after 6 pm (CET)"},
    {"Schickt Werbung in den Chat"},
    {"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Goethestraße", "Lindenallee",
     "Bergstraße", "Kirchplatz"},
};

const text_pool& texts(text_style style) {
    switch (style) {
        case text_style::russian: return russian_texts;
        case text_style::english: return english_texts;
        case text_style::german: return german_texts;
    }
    return english_texts;
}

// [SECTION] regions and cities ---------------------------------------------------------------------

const std::vector<region>& regions() {
    static const std::vector<region> all{
        {"RU", "Россия", {"ru"}, &russian_names, text_style::russian,
         {{"Москва", "Europe/Moscow", {"495", "", 7}, "101000"},
          {"Москва", "Europe/Moscow", {"499", "", 7}, "119019"},
          {"Санкт-Петербург", "Europe/Moscow", {"812", "", 7}, "190000"},
          {"Казань", "Europe/Moscow", {"843", "", 7}, "420111"},
          {"Екатеринбург", "Asia/Yekaterinburg", {"343", "", 7}, "620014"},
          {"Новосибирск", "Asia/Novosibirsk", {"383", "", 7}, "630099"},
          {"Самара", "Europe/Samara", {"846", "", 7}, "443010"},
          {"Краснодар", "Europe/Moscow", {"861", "", 7}, "350000"},
          {"Владивосток", "Asia/Vladivostok", {"423", "", 7}, "690091"},
          {"Калининград", "Europe/Kaliningrad", {"4012", "", 6}, "236022"},
          {"Омск", "Asia/Omsk", {"3812", "", 6}, "644099"},
          {"Пермь", "Asia/Yekaterinburg", {"342", "", 7}, "614000"},
          {"Иркутск", "Asia/Irkutsk", {"3952", "", 6}, "664003"}},
         "7",
         {{"903", "", 7}, {"905", "", 7}, {"909", "", 7}, {"912", "", 7}, {"915", "", 7},
          {"916", "", 7}, {"917", "", 7}, {"920", "", 7}, {"925", "", 7}, {"926", "", 7},
          {"950", "", 7}, {"960", "", 7}, {"977", "", 7}, {"985", "", 7}, {"999", "", 7}},
         {"mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "rambler.ru", "list.ru"},
         56},
        {"KZ", "Казахстан", {"ru", "kk"}, &kazakh_names, text_style::russian,
         {{"Алматы", "Asia/Almaty", {"727", "", 7}, "050000"},
          {"Астана", "Asia/Almaty", {"7172", "", 6}, "010000"},
          {"Караганда", "Asia/Almaty", {"7212", "", 6}, "100000"}},
         "7",
         {{"701", "", 7}, {"702", "", 7}, {"705", "", 7}, {"707", "", 7}, {"747", "", 7},
          {"771", "", 7}, {"775", "", 7}, {"777", "", 7}, {"778", "", 7}},
         {"mail.ru", "gmail.com", "mail.kz", "yandex.kz"},
         6},
        {"UA", "Украина", {"uk", "ru"}, &ukrainian_names, text_style::russian,
         {{"Киев", "Europe/Kyiv", {"44", "", 7}, "01001"},
          {"Харьков", "Europe/Kyiv", {"57", "", 7}, "61000"},
          {"Одесса", "Europe/Kyiv", {"48", "", 7}, "65000"},
          {"Львов", "Europe/Kyiv", {"32", "", 7}, "79000"}},
         "380",
         {{"50", "", 7}, {"63", "", 7}, {"66", "", 7}, {"67", "", 7}, {"68", "", 7},
          {"73", "", 7}, {"93", "", 7}, {"95", "", 7}, {"96", "", 7}, {"97", "", 7}},
         {"ukr.net", "gmail.com", "i.ua", "meta.ua"},
         5},
        {"BY", "Беларусь", {"ru", "be"}, &russian_names, text_style::russian,
         {{"Минск", "Europe/Minsk", {"17", "", 7}, "220030"},
          {"Гомель", "Europe/Minsk", {"232", "", 6}, "246050"},
          {"Брест", "Europe/Minsk", {"162", "", 6}, "224005"}},
         "375",
         {{"25", "", 7}, {"29", "", 7}, {"33", "", 7}, {"44", "", 7}},
         {"tut.by", "mail.ru", "gmail.com", "yandex.by"},
         4},
        // US numbers stay inside 555-0100..0199, the range kept for fiction.
        {"US", "United States", {"en", "es"}, &english_names, text_style::english,
         {{"New York", "America/New_York", {"212", "55501", 7}, "10001"},
          {"New York", "America/New_York", {"718", "55501", 7}, "11201"},
          {"Boston", "America/New_York", {"617", "55501", 7}, "02108"},
          {"Chicago", "America/Chicago", {"312", "55501", 7}, "60601"},
          {"Austin", "America/Chicago", {"512", "55501", 7}, "73301"},
          {"Denver", "America/Denver", {"303", "55501", 7}, "80202"},
          {"San Francisco", "America/Los_Angeles", {"415", "55501", 7}, "94103"},
          {"Seattle", "America/Los_Angeles", {"206", "55501", 7}, "98101"}},
         "1",
         {},
         {"gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"},
         12},
        // UK numbers come from Ofcom's ranges for drama (020 7946 0xxx, 07700 900xxx, ...).
        {"GB", "United Kingdom", {"en"}, &english_names, text_style::english,
         {{"London", "Europe/London", {"20", "79460", 8}, "EC1A 1BB"},
          {"Manchester", "Europe/London", {"161", "4960", 7}, "M1 1AE"},
          {"Edinburgh", "Europe/London", {"131", "4960", 7}, "EH1 1YZ"},
          {"Bristol", "Europe/London", {"117", "4960", 7}, "BS1 4DJ"}},
         "44",
         {{"7700", "900", 6}},
         {"gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"},
         8},
        {"DE", "Germany", {"de", "en"}, &german_names, text_style::german,
         {{"Berlin", "Europe/Berlin", {"30", "", 8}, "10115"},
          {"München", "Europe/Berlin", {"89", "", 8}, "80331"},
          {"Hamburg", "Europe/Berlin", {"40", "", 8}, "20095"},
          {"Köln", "Europe/Berlin", {"221", "", 7}, "50667"}},
         "49",
         {{"151", "", 8}, {"160", "", 7}, {"170", "", 7}, {"176", "", 8}},
         {"web.de", "gmx.de", "gmail.com", "t-online.de"},
         6},
    };
    return all;
}

// [SECTION] shared lists -----------------------------------------------------------------------------

const std::vector<std::string>& tag_pool() {
    static const std::vector<std::string> tags{
        "vip", "webinar", "lead", "repeat-buyer", "горячий", "оптовик", "холодный", "newsletter",
        "partner", "новичок", "b2b", "рассрочка", "black-friday", "курс: Python", "marathon-2024"};
    return tags;
}

const std::vector<std::string>& lead_sources() {
    static const std::vector<std::string> sources{
        "Instagram", "Яндекс.Директ", "ВКонтакте", "Вебинар", "Рекомендация", "Google Ads",
        "Referral", "Telegram-канал", "Сайт", "YouTube"};
    return sources;
}

const std::vector<std::string>& plans() {
    static const std::vector<std::string> names{"Базовый", "Стандарт", "Премиум", "Trial", "Pro"};
    return names;
}

const std::vector<std::string>& external_systems() {
    static const std::vector<std::string> systems{"amo", "getcourse", "leeloo", "usedesk", "1c"};
    return systems;
}

// [SECTION] surname agreement ------------------------------------------------------------------------

static bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string feminine_surname(std::string_view m) {
    std::string s(m);
    auto replace_tail = [&](std::size_t n, std::string_view with) {
        return s.substr(0, s.size() - n) + std::string(with);
    };
    // Ukrainian -ський / -цький first: they also end in -ий but take -ська, not -ская.
    if (ends_with(s, "ський")) return replace_tail(std::string_view("ий").size(), "а");
    if (ends_with(s, "цький")) return replace_tail(std::string_view("ий").size(), "а");
    if (ends_with(s, "ий") || ends_with(s, "ой")) return replace_tail(std::string_view("ий").size(), "ая");
    if (ends_with(s, "ов") || ends_with(s, "ев") || ends_with(s, "ёв") || ends_with(s, "ин") ||
        ends_with(s, "ын"))
        return s + "а";
    if (ends_with(s, "skyi")) return replace_tail(2, "a");     // Vyshnevskyi -> Vyshnevska
    if (ends_with(s, "sky")) return replace_tail(1, "aya");    // Kovalevsky -> Kovalevskaya
    if (ends_with(s, "oy")) return replace_tail(2, "aya");     // Tolstoy -> Tolstaya
    if (ends_with(s, "ov") || ends_with(s, "ev") || ends_with(s, "in") || ends_with(s, "yn"))
        return s + "a";
    return s;  // Шевченко, Ким, Мельник: the same for both
}

}  // namespace cc::demo
