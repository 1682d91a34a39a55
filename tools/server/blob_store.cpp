// blob_store.cpp — see blob_store.hpp.
//
// Index of this file
//   [SECTION] helpers: errors, POSIX files, names
//   [SECTION] the store: folders, ids, records
//   [SECTION] uploads: temp file, hashing
//   [SECTION] commit: into place, crash-safe
#include "blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "file_type.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace cc::server {
namespace {

// [SECTION] helpers: errors, POSIX files, names ----------------------------------------------------------

[[noreturn]] void fail(int error_number, const std::string& what) {
    throw blob_error(error_number, what + ": " + std::strerror(error_number));
}

std::string hex(const unsigned char* bytes, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string random_name(const char* prefix) {
    unsigned char r[12];
    if (RAND_bytes(r, sizeof r) != 1) throw blob_error(EIO, "no random bytes from OpenSSL");
    return prefix + hex(r, sizeof r);
}

void write_all(int fd, std::string_view bytes, const fs::path& path) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno, "cannot write " + path.string());
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void sync_and_close(int& fd, const fs::path& path) {
    if (::fsync(fd) != 0) {
        int e = errno;
        ::close(fd);
        fd = -1;
        fail(e, "cannot fsync " + path.string());
    }
    int rc = ::close(fd);
    fd = -1;
    if (rc != 0 && errno != EINTR) fail(errno, "cannot close " + path.string());
}

void sync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(errno, "cannot open folder " + dir.string());
    int rc = ::fsync(fd);
    int e = errno;
    ::close(fd);
    if (rc != 0) fail(e, "cannot fsync folder " + dir.string());
}

// Creates `dir` (0700) when missing; true when it was created (its parent then needs an fsync).
bool make_dir(const fs::path& dir) {
    if (::mkdir(dir.c_str(), 0700) == 0) return true;
    if (errno != EEXIST) fail(errno, "cannot create folder " + dir.string());
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) fail(ENOTDIR, dir.string() + " is not a folder");
    return false;
}

// The size of a regular file at `path` (never following a symlink); nullopt otherwise.
std::optional<std::uint64_t> regular_size(const fs::path& path) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

bool blob_error::disk_full() const {
    return error_number == ENOSPC || error_number == EDQUOT || error_number == EFBIG;
}

// [SECTION] the store: folders, ids, records -------------------------------------------------------------

blob_store::blob_store(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    if (dir_.has_parent_path()) fs::create_directories(dir_.parent_path(), ec);
    if (ec) throw blob_error(ec.value(), "cannot create the files folder " + dir_.string() + ": " + ec.message());
    make_dir(dir_);  // 0700 when it is new: the files are the users' own
    make_dir(dir_ / "tmp");
    // Uploads a crash or a kill interrupted: nobody will finish them.
    for (const auto& entry : fs::directory_iterator(dir_ / "tmp", ec)) fs::remove(entry.path(), ec);
    // Can we write here at all? Better to say so at start than at the first upload.
    fs::path probe = dir_ / "tmp" / random_name("probe-");
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) fail(errno, "cannot write in the files folder " + dir_.string());
    ::close(fd);
    ::unlink(probe.c_str());
}

bool blob_store::valid_id(std::string_view id) {
    if (id.size() != 64) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

fs::path blob_store::data_path(std::string_view id) const {
    return dir_ / std::string(id.substr(0, 2)) / std::string(id);
}

fs::path blob_store::meta_path(std::string_view id) const {
    return dir_ / std::string(id.substr(0, 2)) / (std::string(id) + ".json");
}

std::optional<blob_meta> blob_store::read_meta(std::string_view id) const {
    const fs::path path = meta_path(id);
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st{};
    std::string text;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= 4096) {
        text.resize(static_cast<std::size_t>(st.st_size));
        ssize_t n = ::read(fd, text.data(), text.size());
        text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    }
    ::close(fd);
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    blob_meta m;
    m.id = std::string(id);
    try {
        m.type = j.at("type").get<std::string>();
        m.size = j.at("size").get<std::uint64_t>();
        m.uploader = j.at("uploader").get<std::string>();
        m.created_at = j.at("created_at").get<std::int64_t>();
    } catch (const json::exception&) {
        return std::nullopt;
    }
    // The type goes into a header as it is: only one the allowlist stores.
    const allowed_type* t = find_allowed_type(m.type);
    if (!t || m.type != t->stored || m.size == 0) return std::nullopt;
    return m;
}

std::optional<blob_meta> blob_store::find(std::string_view id) const {
    if (!valid_id(id)) return std::nullopt;
    auto meta = read_meta(id);
    if (!meta) return std::nullopt;
    auto size = regular_size(data_path(id));
    if (!size || *size != meta->size) return std::nullopt;
    return meta;
}

// [SECTION] uploads: temp file, hashing --------------------------------------------------------------------

std::unique_ptr<blob_store::upload> blob_store::begin_upload() {
    std::unique_ptr<upload> u(new upload());
    u->path_ = dir_ / "tmp" / random_name("up-");
    u->fd_ = ::open(u->path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (u->fd_ < 0) {
        u->path_.clear();
        fail(errno, "cannot create a file in " + (dir_ / "tmp").string());
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    u->sha_ = ctx;
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) throw blob_error(EIO, "SHA-256 is not available from OpenSSL");
    return u;
}

blob_store::upload::~upload() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
    if (sha_) EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(sha_));
}

void blob_store::upload::write(std::string_view bytes) {
    if (fd_ < 0) throw blob_error(EBADF, "the upload is closed");
    write_all(fd_, bytes, path_);
    if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(sha_), bytes.data(), bytes.size()) != 1)
        throw blob_error(EIO, "SHA-256 failed");
    size_ += bytes.size();
}

// [SECTION] commit: into place, crash-safe ------------------------------------------------------------------

blob_store::put_result blob_store::commit(upload& u, const std::string& type, const std::string& uploader,
                                          std::int64_t now_ms) {
    if (u.fd_ < 0 || u.path_.empty()) throw blob_error(EBADF, "the upload is closed");
    // The temp file goes whatever happens below (the upload's destructor, or the rename).
    sync_and_close(u.fd_, u.path_);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(u.sha_), digest, &digest_size) != 1)
        throw blob_error(EIO, "SHA-256 failed");
    const std::string id = hex(digest, digest_size);

    std::lock_guard<std::mutex> lock(commit_mutex_);
    if (auto existing = find(id)) {  // stored once: this copy goes
        ::unlink(u.path_.c_str());
        u.path_.clear();
        return {*existing, false};
    }

    const fs::path folder = dir_ / id.substr(0, 2);
    if (make_dir(folder)) sync_dir(dir_);
    const fs::path data = data_path(id);
    if (::rename(u.path_.c_str(), data.c_str()) != 0) fail(errno, "cannot move an upload to " + data.string());
    u.path_.clear();
    // From here a failure removes the bytes again: a file without its record is not stored.
    try {
        blob_meta meta{id, type, u.size_, uploader, now_ms};
        json j = {{"type", meta.type}, {"size", meta.size}, {"uploader", meta.uploader}, {"created_at", meta.created_at}};
        const std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        const fs::path temp = dir_ / "tmp" / random_name("meta-");
        int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) fail(errno, "cannot create a file in " + (dir_ / "tmp").string());
        try {
            write_all(fd, text, temp);
            sync_and_close(fd, temp);
            if (::rename(temp.c_str(), meta_path(id).c_str()) != 0) fail(errno, "cannot move a record to " + folder.string());
        } catch (...) {
            if (fd >= 0) ::close(fd);
            ::unlink(temp.c_str());
            throw;
        }
        sync_dir(folder);
        return {meta, true};
    } catch (...) {
        ::unlink(meta_path(id).c_str());
        ::unlink(data.c_str());
        throw;
    }
}

}  // namespace cc::server
