/* angio-fd-stream.h — GDCM's streams over file descriptors the decoder already holds.
 *
 * The decoder opens its input, and the application its output, before the decoder confines
 * itself (angio-decoder-confine.h): from then on no file can be opened, so GDCM reads and
 * writes through these instead of std::ifstream / std::ofstream on a path.
 */
#pragma once

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <istream>
#include <ostream>
#include <streambuf>

/* Reads @fd with pread() at its own offset (the descriptor's offset is left alone, so two
 * readers can share one descriptor); seekable, as GDCM needs. */
class AngioFdInputBuf : public std::streambuf
{
public:
  explicit AngioFdInputBuf (int fd) : fd_ (fd) { setg (buffer_, buffer_, buffer_); }

protected:
  int_type
  underflow () override
  {
    off_type position = base_ + (egptr () - eback ());
    ssize_t n = read_at (buffer_, sizeof buffer_, position);

    base_ = position;
    setg (buffer_, buffer_, buffer_ + (n > 0 ? n : 0));
    return n > 0 ? traits_type::to_int_type (*gptr ()) : traits_type::eof ();
  }

  /* Large values (a whole deflated data set, pixel data) straight into the caller's memory. */
  std::streamsize
  xsgetn (char *s, std::streamsize count) override
  {
    std::streamsize done = 0;
    std::streamsize buffered = egptr () - gptr ();

    if (count <= (std::streamsize) sizeof buffer_ || buffered >= count)
      return std::streambuf::xsgetn (s, count);
    if (buffered > 0)
      {
        traits_type::copy (s, gptr (), (size_t) buffered);
        done = buffered;
      }
    off_type position = base_ + (gptr () - eback ()) + done;
    while (done < count)
      {
        ssize_t n = read_at (s + done, (size_t) (count - done), position);

        if (n <= 0)
          break;
        done += n;
        position += n;
      }
    base_ = position;
    setg (buffer_, buffer_, buffer_);
    return done;
  }

  pos_type
  seekoff (off_type offset, std::ios_base::seekdir dir, std::ios_base::openmode which) override
  {
    struct stat st;

    if (dir == std::ios_base::cur)
      offset += base_ + (gptr () - eback ());
    else if (dir == std::ios_base::end)
      {
        if (fstat (fd_, &st) != 0)
          return pos_type (off_type (-1));
        offset += st.st_size;
      }
    return seekpos (pos_type (offset), which);
  }

  pos_type
  seekpos (pos_type position, std::ios_base::openmode which) override
  {
    off_type target = off_type (position);

    if (target < 0 || !(which & std::ios_base::in))
      return pos_type (off_type (-1));
    if (target >= base_ && target <= base_ + (egptr () - eback ()))
      setg (eback (), eback () + (target - base_), egptr ());
    else
      {
        base_ = target;
        setg (buffer_, buffer_, buffer_);
      }
    return position;
  }

private:
  ssize_t
  read_at (char *to, size_t length, off_type position)
  {
    ssize_t n;

    do
      n = pread (fd_, to, length, (off_t) position);
    while (n < 0 && errno == EINTR);
    return n;
  }

  int fd_;
  off_type base_ = 0;     /* the file offset of eback () */
  char buffer_[1 << 16];
};

/* An input stream over @fd (not closed: the caller owns it). */
class AngioFdInputStream : public std::istream
{
public:
  explicit AngioFdInputStream (int fd) : std::istream (nullptr), buf_ (fd) { rdbuf (&buf_); }

private:
  AngioFdInputBuf buf_;
};

/* Writes to @fd with write(); seeks with lseek() (a regular file opened by the application).
 * Every failure makes the stream bad. */
class AngioFdOutputBuf : public std::streambuf
{
public:
  explicit AngioFdOutputBuf (int fd) : fd_ (fd) { setp (buffer_, buffer_ + sizeof buffer_); }
  ~AngioFdOutputBuf () override { sync (); }

  /* The errno of the first write that failed, or 0. */
  int error () const { return error_; }

protected:
  int_type
  overflow (int_type c) override
  {
    if (sync () != 0)
      return traits_type::eof ();
    if (!traits_type::eq_int_type (c, traits_type::eof ()))
      {
        *pptr () = traits_type::to_char_type (c);
        pbump (1);
      }
    return traits_type::not_eof (c);
  }

  int
  sync () override
  {
    const char *p = pbase ();

    while (p < pptr ())
      {
        ssize_t n = write (fd_, p, (size_t) (pptr () - p));

        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          {
            error_ = n < 0 ? errno : ENOSPC;
            setp (buffer_, buffer_ + sizeof buffer_);
            return -1;
          }
        p += n;
      }
    setp (buffer_, buffer_ + sizeof buffer_);
    return 0;
  }

  pos_type
  seekoff (off_type offset, std::ios_base::seekdir dir, std::ios_base::openmode which) override
  {
    int whence = dir == std::ios_base::beg ? SEEK_SET : dir == std::ios_base::cur ? SEEK_CUR
                                                                                 : SEEK_END;
    off_t position;

    if (!(which & std::ios_base::out) || sync () != 0)
      return pos_type (off_type (-1));
    position = lseek (fd_, (off_t) offset, whence);
    return pos_type (off_type (position));
  }

  pos_type
  seekpos (pos_type position, std::ios_base::openmode which) override
  {
    return seekoff (off_type (position), std::ios_base::beg, which);
  }

private:
  int fd_;
  int error_ = 0;
  char buffer_[1 << 16];
};

/* An output stream to @fd (not closed: the caller owns it). */
class AngioFdOutputStream : public std::ostream
{
public:
  explicit AngioFdOutputStream (int fd) : std::ostream (nullptr), buf_ (fd) { rdbuf (&buf_); }

  /* Why writing failed (errno), or 0 when no write failed (GDCM gave up by itself). */
  int error () const { return buf_.error (); }

private:
  AngioFdOutputBuf buf_;
};
