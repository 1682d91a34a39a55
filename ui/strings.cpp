// strings.cpp — the string table (see strings.hpp). One row per key: English, Russian.
//
// Index of this file:
// [SECTION] Table: app, status, list, card
// [SECTION] Table: fields and choices
// [SECTION] Table: times and forms (kit/)
// [SECTION] Table: errors (codes the core and the server produce)
// [SECTION] Lookup and formatting

#include "ui/strings.hpp"

#include "ui/section.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace ui {

namespace {


// clang-format off
const string_row table[] = {
//-----------------------------------------------------------------------------
// [SECTION] Table: app, status, list, card
//-----------------------------------------------------------------------------
    {"app.title",              "ClientCard",                     "ClientCard"},
    {"status.loading",         "Loading…",                       "Загрузка…"},
    {"status.load_failed",     "Could not load saved data",      "Не удалось загрузить данные"},
    {"status.saving",          "Saving…",                        "Сохранение…"},
    {"status.saved",           "Saved",                          "Сохранено"},
    {"status.syncing",         "Syncing…",                       "Синхронизация…"},
    {"status.offline",         "Offline",                        "Нет связи"},
    {"status.sync_failed",     "Sync failed",                    "Ошибка синхронизации"},
    {"status.pending.one",     "{n} change not sent",            "{n} изменение не отправлено"},
    {"status.pending.few",     "{n} changes not sent",           "{n} изменения не отправлены"},
    {"status.pending.many",    "{n} changes not sent",           "{n} изменений не отправлено"},
    {"status.saved_locally",   "Saved locally",                  "Сохранено локально"},
    {"status.synced",          "Synced",                         "Синхронизировано"},
    {"status.rejected.one",    "{n} change rejected",            "{n} изменение отклонено"},
    {"status.rejected.few",    "{n} changes rejected",           "{n} изменения отклонены"},
    {"status.rejected.many",   "{n} changes rejected",           "{n} изменений отклонено"},
    {"status.conflicts.one",   "{n} conflict",                   "{n} конфликт"},
    {"status.conflicts.few",   "{n} conflicts",                  "{n} конфликта"},
    {"status.conflicts.many",  "{n} conflicts",                  "{n} конфликтов"},
    {"status.reminders.one",   "{n} reminder",                   "{n} напоминание"},
    {"status.reminders.few",   "{n} reminders",                  "{n} напоминания"},
    {"status.reminders.many",  "{n} reminders",                  "{n} напоминаний"},
    {"status.show_reminders",  "Show the reminders",             "Показать напоминания"},
    {"status.show_first",      "Show the first client it concerns", "Показать первого клиента, которого это касается"},
    {"status.signed_in",       "Signed in",                      "Вход выполнен"},
    {"status.not_signed_in",   "Not signed in",                  "Вход не выполнен"},
    {"role.admin",             "admin",                          "администратор"},
    {"role.manager",           "manager",                        "менеджер"},
    {"progress.downloading",   "Downloading clients",            "Загрузка клиентов"},

    {"signin.token",           "Access token",                   "Ключ доступа"},
    {"signin.button",          "Sign in",                        "Войти"},
    {"signin.later",           "Not now",                        "Не сейчас"},
    {"signin.explain",         "The access token comes from your CRM administrator (npm start prints demo tokens). The card works offline without it.",
                               "Ключ доступа выдаёт администратор CRM (npm start печатает демо-ключи). Без него карточка работает офлайн."},
    {"signin.rejected",        "The server did not accept the token: enter a new one.", "Сервер не принял ключ: введите новый."},

    {"conflict.changed",       "{actor} changed {field} while you were offline", "{actor} изменил(а) «{field}», пока вы были не в сети"},
    {"conflict.someone",       "Someone",                        "Кто-то"},
    {"conflict.theirs",        "Theirs: {}",                     "Их значение: {}"},
    {"conflict.yours",         "Yours: {}",                      "Ваше значение: {}"},
    {"conflict.empty",         "(empty)",                        "(пусто)"},
    {"conflict.mine_in_effect", "Your value is in effect now",   "Сейчас действует ваше значение"},
    {"conflict.theirs_in_effect", "Their value is in effect now", "Сейчас действует их значение"},
    {"conflict.keep_mine",     "Keep mine",                      "Оставить моё"},
    {"conflict.take_theirs",   "Take theirs",                    "Взять их"},

    {"reminders.title",        "Reminders",                      "Напоминания"},
    {"reminders.due_now",      "Due",                            "Пора"},
    {"reminders.missed",       "Missed",                         "Пропущено"},
    {"reminders.due",          "due {}",                         "срок {}"},
    {"reminders.untitled",     "(untitled task)",                "(задача без названия)"},
    {"reminders.open",         "Open",                           "Открыть"},
    {"reminders.dismiss",      "Dismiss",                        "Скрыть"},
    {"reminders.hide",         "Hide",                           "Свернуть"},
    {"reminders.enable",       "Enable browser notifications",   "Включить уведомления браузера"},

    {"rejected.text",          "Not saved on the server: {what} — {reason}", "Не сохранено на сервере: {what} — {reason}"},
    {"rejected.discard",       "Discard",                        "Отбросить"},
    {"rejected.retry",         "Send again",                     "Отправить снова"},

    {"search.label",           "Search",                         "Поиск"},
    {"search.hint",            "Name, phone, email, tag…",       "Имя, телефон, почта, тег…"},
    {"list.new_client",        "+ New client",                   "+ Новый клиент"},
    {"list.new_client_name",   "New client name",                "Имя нового клиента"},
    {"list.new_client_hint",   "Client name",                    "Имя клиента"},
    {"list.count.one",         "{n} client",                     "{n} клиент"},
    {"list.count.few",         "{n} clients",                    "{n} клиента"},
    {"list.count.many",        "{n} clients",                    "{n} клиентов"},
    {"list.empty",             "No clients yet",                 "Клиентов пока нет"},
    {"list.nothing_found",     "Nothing found",                  "Ничего не найдено"},
    {"client.no_name",         "(no name)",                      "(без имени)"},

    {"card.select",            "Select a client",                "Выберите клиента"},
    {"card.not_found",         "This client is not here",        "Клиент не найден"},
    {"card.deleted",           "This client was deleted",        "Клиент удалён"},

    {"quick.comment",          "Comment",                        "Комментарий"},
    {"quick.add_info",         "+ Add information",              "+ Добавить информацию"},
    {"quick.no_phone",         "No phone",                       "Нет телефона"},
    {"quick.no_email",         "No email",                       "Нет почты"},
    {"quick.local_time",       "Client: {client} ({zone}) · You: {me}", "Клиент: {client} ({zone}) · Вы: {me}"},
    {"quick.zone_unknown",     "The client's time zone {zone} is unknown here", "Часовой пояс клиента {zone} здесь неизвестен"},
    {"tag.add_hint",           "+ Add tag",                      "+ Добавить тег"},
    {"tag.remove",             "Remove tag {}",                  "Удалить тег {}"},
    {"custom.key",             "Field",                          "Поле"},
    {"custom.value",           "Value",                          "Значение"},
    {"custom.key_hint",        "Field name",                     "Название поля"},
    {"custom.value_hint",      "Value",                          "Значение"},
    {"custom.remove",          "Remove field",                   "Удалить поле"},

    {"action.add",             "Add",                            "Добавить"},
    {"action.back",            "Back",                           "Назад"},
    {"action.call",            "Call",                           "Позвонить"},
    {"action.cancel",          "Cancel",                         "Отмена"},
    {"action.create",          "Create",                         "Создать"},
    {"action.dismiss",         "Dismiss",                        "Скрыть"},
    {"action.delete",          "Delete",                         "Удалить"},
    {"action.delete_client",   "Delete client",                  "Удалить клиента"},
    {"action.restore_client",  "Restore",                        "Восстановить"},
    {"action.open",            "Open",                           "Открыть"},
    {"action.open_chat",       "Open chat",                      "Открыть чат"},
    {"action.write",           "Write",                          "Написать"},
    {"combo.filter",           "Filter",                         "Фильтр"},
    {"combo.filter_hint",      "Type to filter",                 "Начните вводить"},
    {"combo.none",             "(not set)",                      "(не задано)"},
    {"combo.use",              "Use “{}”",                       "Использовать «{}»"},

//-----------------------------------------------------------------------------
// [SECTION] Table: fields and choices
//-----------------------------------------------------------------------------
    {"field.id",               "ID",                             "ID"},
    {"field.name",             "Name",                           "Имя"},
    {"field.nickname",         "Nickname",                       "Никнейм"},
    {"field.avatar_url",       "Avatar URL",                     "Ссылка на аватар"},
    {"field.gender",           "Gender",                         "Пол"},
    {"field.gender_set_by_hand", "Gender set by hand",           "Пол указан вручную"},
    {"field.country",          "Country",                        "Страна"},
    {"field.city",             "City",                           "Город"},
    {"field.time_zone",        "Time zone",                      "Часовой пояс"},
    {"field.language",         "Language",                       "Язык"},
    {"field.company",          "Company",                        "Компания"},
    {"field.position",         "Position",                       "Должность"},
    {"field.note",             "Note",                           "Заметка"},
    {"field.spammer",          "Spammer",                        "Спамер"},
    {"field.vip",              "VIP",                            "VIP"},
    {"field.phones",           "Phones",                         "Телефоны"},
    {"field.phone",            "Phone",                          "Телефон"},
    {"field.emails",           "Emails",                         "Эл. почта"},
    {"field.email",            "Email",                          "Почта"},
    {"field.sites",            "Sites",                          "Сайты"},
    {"field.site",             "Site",                           "Сайт"},
    {"field.socials",          "Social networks",                "Соцсети"},
    {"field.social",           "Social profile",                 "Профиль в соцсети"},
    {"field.network",          "Network",                        "Сеть"},
    {"field.channels",         "Messengers",                     "Мессенджеры"},
    {"field.channel",          "Messenger",                      "Мессенджер"},
    {"field.addresses",        "Addresses",                      "Адреса"},
    {"field.address",          "Address",                        "Адрес"},
    {"field.external_ids",     "External IDs",                   "Внешние ID"},
    {"field.system",           "System",                         "Система"},
    {"field.value",            "Value",                          "Значение"},
    {"field.type",             "Type",                           "Тип"},
    {"field.tags",             "Tags",                           "Теги"},
    {"field.custom",           "Custom fields",                  "Доп. поля"},
    {"field.created_at",       "Created",                        "Создан"},
    {"field.updated_at",       "Updated",                        "Изменён"},
    {"field.deleted",          "Deleted",                        "Удалён"},

    {"gender.unknown",         "Not set",                        "Не указан"},
    {"gender.male",            "Male",                           "Мужской"},
    {"gender.female",          "Female",                         "Женский"},
    {"gender.detected",        "detected",                       "определён автоматически"},
    {"gender.by_hand",         "set by hand",                    "указан вручную"},

    {"phone.ext",              "ext.",                           "доб."},
    {"phone_type.mobile",      "Mobile",                         "Мобильный"},
    {"phone_type.home",        "Home",                           "Домашний"},
    {"phone_type.work",        "Work",                           "Рабочий"},
    {"phone_type.landline",    "Landline",                       "Городской"},
    {"phone_type.fax",         "Fax",                            "Факс"},
    {"phone_type.other",       "Other",                          "Другой"},
    {"address_type.home",      "Home",                           "Домашний"},
    {"address_type.work",      "Work",                           "Рабочий"},
    {"address_type.postal",    "Postal",                         "Почтовый"},
    {"address_type.other",     "Other",                          "Другой"},

    {"kind.vk",                "VK",                             "ВКонтакте"},
    {"kind.facebook",          "Facebook",                       "Facebook"},
    {"kind.instagram",         "Instagram",                      "Instagram"},
    {"kind.telegram",          "Telegram",                       "Telegram"},
    {"kind.whatsapp",          "WhatsApp",                       "WhatsApp"},
    {"kind.viber",             "Viber",                          "Viber"},
    {"kind.ok",                "Odnoklassniki",                  "Одноклассники"},
    {"kind.twitter",           "X (Twitter)",                    "X (Twitter)"},
    {"kind.youtube",           "YouTube",                        "YouTube"},
    {"kind.tiktok",            "TikTok",                         "TikTok"},
    {"kind.linkedin",          "LinkedIn",                       "LinkedIn"},
    {"kind.email",             "Email",                          "Эл. почта"},
    {"kind.sms",               "SMS",                            "SMS"},
    {"kind.widget",            "Site widget",                    "Виджет на сайте"},
    {"kind.avito",             "Avito",                          "Авито"},
    {"kind.other",             "Other",                          "Другое"},



//-----------------------------------------------------------------------------
// [SECTION] Table: times and forms (kit/)
//-----------------------------------------------------------------------------
    {"time.today",             "today",                          "сегодня"},
    {"time.tomorrow",          "tomorrow",                       "завтра"},
    {"time.yesterday",         "yesterday",                      "вчера"},
    {"time.zone_unknown",      "This time zone is unknown here: times are shown in UTC", "Этот часовой пояс здесь неизвестен: время показано в UTC"},
    {"month.1",                "Jan",                            "янв."},
    {"month.2",                "Feb",                            "февр."},
    {"month.3",                "Mar",                            "мар."},
    {"month.4",                "Apr",                            "апр."},
    {"month.5",                "May",                            "мая"},
    {"month.6",                "Jun",                            "июн."},
    {"month.7",                "Jul",                            "июл."},
    {"month.8",                "Aug",                            "авг."},
    {"month.9",                "Sep",                            "сент."},
    {"month.10",               "Oct",                            "окт."},
    {"month.11",               "Nov",                            "нояб."},
    {"month.12",               "Dec",                            "дек."},
    {"form.date_of",           "{field}: date",                  "{field}: дата"},
    {"form.time_of",           "{field}: time",                  "{field}: время"},
    {"form.save",              "Save",                           "Сохранить"},
    {"form.pending",           "Not synced yet",                 "Ещё не синхронизировано"},
    {"form.me",                "me",                             "я"},
    {"file.size.b",            "{n} B",                          "{n} Б"},
    {"file.size.kb",           "{n} KB",                         "{n} КБ"},
    {"file.size.mb",           "{n} MB",                         "{n} МБ"},

//-----------------------------------------------------------------------------
// [SECTION] Table: errors (codes the core and the server produce)
//-----------------------------------------------------------------------------
    {"err.email_invalid",      "Not a valid email address",      "Неверный адрес почты"},
    {"err.phone_invalid",      "Not a valid phone number",       "Неверный номер телефона"},
    {"err.name_empty",         "The name cannot be empty",       "Имя не может быть пустым"},
    {"err.too_long",           "Too long: at most {detail} characters", "Слишком длинно: не больше {detail} символов"},
    {"err.url_invalid",        "Enter a link starting with http:// or https://", "Нужна ссылка, начинающаяся с http:// или https://"},
    {"err.time_zone_invalid",  "Unknown time zone",              "Неизвестный часовой пояс"},
    {"err.language_invalid",   "Use a language code such as “en” or “ru”", "Нужен код языка, например «ru» или «en»"},
    {"err.tag_invalid",        "This tag cannot be used",        "Такой тег нельзя добавить"},
    {"err.tag_duplicate",      "The client already has this tag", "У клиента уже есть этот тег"},
    {"err.custom_key_empty",   "Enter the field name",           "Введите название поля"},
    {"err.key_duplicate",      "A field with this name exists",  "Поле с таким названием уже есть"},
    {"err.unknown_field",      "Unknown field",                  "Неизвестное поле"},
    {"err.unknown_list",       "Unknown list",                   "Неизвестный список"},
    {"err.unknown_kind",       "Unknown operation",              "Неизвестная операция"},
    {"err.bad_value",          "Invalid value",                  "Недопустимое значение"},
    {"err.duplicate",          "Already in the list",            "Уже есть в списке"},
    {"err.too_many",           "Too many: at most {detail}",     "Слишком много: не больше {detail}"},
    {"err.link_blocked",       "This link cannot be opened",     "Эту ссылку нельзя открыть"},
    {"err.not_ready",          "Still loading, try again in a moment", "Данные ещё загружаются, повторите чуть позже"},
    {"err.method_not_allowed", "The server does not allow this", "Сервер не разрешает это действие"},
    {"err.payload_invalid",    "Invalid change",                 "Недопустимое изменение"},
    {"err.not_found",          "Client not found",               "Клиент не найден"},
    {"err.client_exists",      "This client already exists",     "Такой клиент уже есть"},
    {"err.client_deleted",     "This client was deleted",        "Клиент удалён"},
    {"err.text_invalid",       "Text has invalid characters",    "В тексте недопустимые символы"},
    {"err.item_not_found",     "This entry was removed",         "Эта запись уже удалена"},
    {"err.storage_full",       "Browser storage is full",        "Хранилище браузера заполнено"},
    {"err.storage_failed",     "Could not save in the browser",  "Не удалось сохранить в браузере"},
    {"err.storage_damaged",    "Saved data is damaged",          "Сохранённые данные повреждены"},
    {"err.schema_unsupported", "Data from a newer version of the app", "Данные от более новой версии приложения"},
    {"err.bad_server_data",    "The server sent data the card cannot read", "Сервер прислал непонятные данные"},
    {"err.snapshot_failed",    "The download broke off; loading page by page", "Загрузка прервалась; загружаем по частям"},
    {"err.server_down",        "Server is not reachable",        "Сервер недоступен"},
    {"err.server_error",       "Server error",                   "Ошибка сервера"},
    {"err.offline",            "No connection",                  "Нет связи"},
    {"err.bad_request",        "The server refused the request", "Сервер отклонил запрос"},
    {"err.unauthorized",       "Sign in again",                  "Войдите снова"},
    {"err.forbidden",          "You may not change this",        "Нет прав на это изменение"},
    {"err.too_large",          "The change is too large",        "Изменение слишком большое"},
    {"err.too_many_ops",       "Too many changes in one request", "Слишком много изменений в одном запросе"},
    {"err.rejected",           "The server rejected the change", "Сервер отклонил изменение"},
    {"err.conflict",           "Someone else changed this",      "Это изменил кто-то другой"},
    {"err.rate_limited",       "Too many requests, retrying later", "Слишком много запросов, повтор позже"},
    {"err.busy",               "The server is busy, retrying later", "Сервер занят, повтор позже"},
    {"err.unsupported_encoding", "The server cannot read this compression", "Сервер не принимает такое сжатие"},
    {"err.device_foreign",     "This browser syncs for another user: sign in with that user's token", "Этот браузер синхронизируется от имени другого пользователя: войдите с его токеном"},
    {"err.op_id_mismatch",     "The change has a malformed id", "У изменения неверный идентификатор"},
    {"err.op_id_reused",       "Another change was already sent under this id", "Под этим идентификатором уже отправлено другое изменение"},
    {"err.client_id_foreign",  "This client id belongs to another device", "Этот идентификатор клиента принадлежит другому устройству"},
    {"err.not_deleted",        "This client is not deleted",     "Клиент не удалён"},
    {"err.internal",           "Something went wrong",           "Что-то пошло не так"},
    // records (core/record_apply.cpp, core/kinds/*.cpp)
    {"err.required",           "Required",                       "Обязательное поле"},
    {"err.out_of_range",       "Out of range: {detail}",         "Вне допустимых значений: {detail}"},
    {"err.system_field",       "This field is set by the system", "Это поле заполняет система"},
    {"err.append_only",        "This entry cannot be changed",   "Эту запись нельзя изменить"},
    {"err.record_exists",      "This entry already exists",      "Такая запись уже есть"},
    {"err.record_id_mismatch", "The entry has a malformed id",   "У записи неверный идентификатор"},
    {"err.record_not_found",   "This entry was not found",       "Запись не найдена"},
    {"err.record_deleted",     "This entry was deleted",         "Запись удалена"},
    {"err.task_closed",        "The task is already closed",     "Задача уже закрыта"},
    {"err.task_open",          "The task is already open",       "Задача уже открыта"},
    {"err.result_required",    "Say how it went: the result is required", "Укажите итог: результат обязателен"},
    {"err.reminder_without_due", "A reminder needs a due time", "Для напоминания нужен срок"},
    {"err.not_author",         "Only the author can change this", "Изменить может только автор"},
    {"err.edit_window_closed", "It can be changed only within {detail} minutes", "Изменить можно только в течение {detail} минут"},
    // money and activity (core/kinds/order.cpp, payment.cpp, balance.cpp, plan.cpp ...)
    {"err.currency_invalid",   "Unknown currency: {detail}",     "Неизвестная валюта: {detail}"},
    {"err.money_invalid",      "Enter an amount, e.g. 1 200,50",  "Введите сумму, например 1 200,50"},
    {"err.not_recurring",      "This order is not recurring",    "Этот заказ не регулярный"},
    {"err.bad_state",          "Not possible in this state ({detail})", "Невозможно в этом состоянии ({detail})"},
    {"err.not_manual",         "Only a manual payment is confirmed by hand", "Вручную подтверждается только ручная оплата"},
    {"err.already_confirmed",  "Already confirmed by {detail}",  "Уже подтверждена: {detail}"},
    {"err.own_payment",        "A payment is confirmed by someone other than its author", "Оплату подтверждает не тот, кто её добавил"},
    {"err.provider_payment",   "A payment reported by a payment provider is corrected only by the provider", "Оплату от платёжной системы исправляет только сама система"},
    {"err.confirmed_payment",  "A confirmed payment cannot be changed", "Подтверждённую оплату изменить нельзя"},
    {"err.duplicate_key",      "This entry was already made (key {detail})", "Такая запись уже есть (ключ {detail})"},
    {"err.overdraft",          "Not enough on the balance: {detail} available", "Недостаточно на балансе: доступно {detail}"},
    {"err.registration_exists", "The client already has a registration link", "У клиента уже есть ссылка на регистрацию"},
    {"err.lost_reason_required", "Say why the deal was lost",    "Укажите причину проигрыша сделки"},
    {"err.locked",             "Locked by {detail}: only an admin can unlock it", "Закреплено ({detail}): открепить может только администратор"},
    {"err.not_locked",         "It is not locked",               "Не закреплено"},
    {"err.unsubscribed",       "Already unsubscribed",           "Подписка уже отменена"},
    {"err.already_subscribed", "Already subscribed to this tunnel in this channel", "Уже подписан на этот туннель в этом канале"},
    // the ui's own: text a form cannot read
    {"err.date_invalid",       "Enter a date as YYYY-MM-DD",     "Введите дату в виде ГГГГ-ММ-ДД"},
    {"err.time_invalid",       "Enter a time as HH:MM",          "Введите время в виде ЧЧ:ММ"},
    {"err.number_invalid",     "Enter a whole number",           "Введите целое число"},
    {"err.duration_invalid",   "Enter minutes:seconds, e.g. 4:05", "Введите минуты:секунды, например 4:05"},
    // files: checked in the card before an upload, or refused by the server
    {"err.file_type",          "This type of file cannot be attached here; allowed: {detail}", "Такой файл сюда прикрепить нельзя; можно: {detail}"},
    {"err.file_too_large",     "The file is too large: at most {detail}", "Файл слишком большой: не больше {detail}"},
    {"err.file_empty",         "The file is empty",              "Файл пустой"},
    {"err.file_unreadable",    "The browser could not read the file", "Браузер не смог прочитать файл"},
    {"err.too_many_files",     "At most {detail} files",         "Не больше {detail} файлов"},
    {"err.upload_other_tab",   "Attach files in the card's first open tab", "Прикрепляйте файлы в первой открытой вкладке карточки"},
    {"err.unsupported_type",   "The server does not take this file: its contents are not of its type", "Сервер не принимает этот файл: содержимое не соответствует типу"},
    {"err.playback_failed",    "The recording could not be played; press Play to try again", "Запись не воспроизводится; нажмите «Слушать», чтобы попробовать снова"},
    {"err.storage",            "The server could not store the file", "Сервер не смог сохранить файл"},
    // files: the rows and the player (ui/kit/files.cpp)
    {"file.queued",            "Waiting to upload",              "Ждёт отправки"},
    {"file.queued_offline",    "Will upload when online",        "Отправится, когда появится сеть"},
    {"file.uploaded",          "Uploaded",                       "Загружен"},
    {"file.failed",            "Not uploaded: {why}",            "Не загружен: {why}"},
    {"file.refused",           "Refused: {why}",                 "Отклонён: {why}"},
    {"file.retry",             "Retry",                          "Повторить"},
    {"file.remove",            "Remove",                         "Убрать"},
    {"file.download",          "Download {name}",                "Скачать {name}"},
    {"file.attach",            "Attach file",                    "Прикрепить файл"},
    {"file.attach_recording",  "Attach recording",               "Прикрепить запись"},
    {"file.replace_recording", "Replace recording",              "Заменить запись"},
    {"file.waiting",           "Will be posted once its files are uploaded", "Будет опубликован, когда загрузятся файлы"},
    {"player.play",            "Play",                           "Слушать"},
    {"player.pause",           "Pause",                          "Пауза"},
    {"player.position",        "Position",                       "Позиция"},
    {"player.speed",           "Speed {x}",                      "Скорость {x}"},
    {"player.loading",         "Loading…",                       "Загрузка…"},
};
// clang-format on

//-----------------------------------------------------------------------------
// [SECTION] Lookup and formatting
//-----------------------------------------------------------------------------

const std::unordered_map<std::string_view, const string_row*>& index() {
    static const auto* ix = [] {
        auto* m = new std::unordered_map<std::string_view, const string_row*>();
        for (const string_table& t : string_tables())
            for (std::size_t i = 0; i < t.count; ++i) m->emplace(t.rows[i].key, &t.rows[i]);
        return m;
    }();
    return *ix;
}

void replace_all(std::string& s, std::string_view what, std::string_view with) {
    for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + with.size()))
        s.replace(p, what.size(), with);
}

}  // namespace

std::vector<string_table> string_tables() {
    std::vector<string_table> out{{"shared", table, sizeof table / sizeof table[0]}};
    for (const section_def* s : sections())
        if (s->strings) out.push_back({s->id, s->strings, s->string_count});
    return out;
}

const char* tr(cc::locale lang, std::string_view key) {
    const auto& ix = index();
    if (auto it = ix.find(key); it != ix.end()) {
        const string_row* r = it->second;
        return lang == cc::locale::ru && r->ru && *r->ru ? r->ru : r->en;
    }
    // An unknown key is shown as itself; interned so the pointer outlives the call.
    static std::unordered_set<std::string> unknown;
    return unknown.emplace(key).first->c_str();
}

bool tr_has(std::string_view key) { return index().count(key) != 0; }

std::string error_text(cc::locale lang, const cc::error& e) {
    std::string s = tr(lang, e.code);
    replace_all(s, "{detail}", e.detail);
    return s;
}

std::string tr_arg(cc::locale lang, std::string_view key, std::string_view arg) {
    std::string s = tr(lang, key);
    auto p = s.find("{}");
    if (p != std::string::npos) s.replace(p, 2, arg);
    return s;
}

std::string tr_fill(cc::locale lang, std::string_view key,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
    const std::string_view s = tr(lang, key);
    std::string out;
    out.reserve(s.size() + 32);
    for (std::size_t i = 0; i < s.size();) {
        bool hit = false;
        if (s[i] == '{') {
            for (const auto& [name, value] : args) {
                if (s.compare(i, name.size(), name) == 0) {
                    out += value;
                    i += name.size();
                    hit = true;
                    break;
                }
            }
        }
        if (!hit) out += s[i++];
    }
    return out;
}

std::string tr_num(cc::locale lang, std::string_view key, std::int64_t n) {
    return tr_fill(lang, key, {{"{n}", std::to_string(n)}});
}

std::string tr_count(cc::locale lang, std::string_view key, std::int64_t n) {
    std::int64_t a = n < 0 ? -n : n;
    const char* form = "many";
    if (lang == cc::locale::ru) {
        if (a % 10 == 1 && a % 100 != 11) form = "one";
        else if (a % 10 >= 2 && a % 10 <= 4 && (a % 100 < 12 || a % 100 > 14)) form = "few";
    } else if (a == 1) {
        form = "one";
    }
    std::string s = tr(lang, std::string(key) + "." + form);
    replace_all(s, "{n}", std::to_string(n));
    return s;
}

}  // namespace ui
