"""Makes the sample images in this folder (run once; the files are committed).

Needs Pillow (`pip install Pillow`). Each image is drawn, not downloaded, so the samples carry no
third-party rights. Sizes are small on purpose: the tests and the demo copy them around.
"""
import math
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))


def landscape(width, height):
    image = Image.new("RGB", (width, height))
    pixels = image.load()
    for y in range(height):
        for x in range(width):
            sky = y / height
            pixels[x, y] = (int(255 * (1 - sky * 0.6)), int(140 + 80 * sky), int(90 + 150 * sky))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.6, height * 0.15, width * 0.8, height * 0.15 + width * 0.2), fill=(255, 230, 120))
    draw.polygon([(0, height), (width * 0.35, height * 0.45), (width * 0.7, height)], fill=(60, 80, 70))
    draw.polygon([(width * 0.4, height), (width * 0.75, height * 0.55), (width, height * 0.8), (width, height)], fill=(40, 60, 55))
    return image


def product(width, height):
    image = Image.new("RGB", (width, height), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((width * 0.3, height * 0.2, width * 0.7, height * 0.85), radius=18, fill=(200, 60, 50))
    draw.ellipse((width * 0.38, height * 0.05, width * 0.62, height * 0.3), fill=(90, 90, 95))
    return image


def logo(size):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(30, 110, 200, 255))
    draw.polygon([(size * 0.3, size * 0.7), (size * 0.5, size * 0.25), (size * 0.7, size * 0.7)], fill=(255, 255, 255, 230))
    return image


def spinner(size, frames):
    images = []
    for frame in range(frames):
        image = Image.new("P", (size, size), 0)
        image.putpalette([255, 255, 255, 30, 110, 200] + [0] * 762)
        draw = ImageDraw.Draw(image)
        angle = 2 * math.pi * frame / frames
        cx, cy, r = size / 2, size / 2, size / 3
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=1)
        images.append(image)
    return images


landscape(320, 213).save(os.path.join(HERE, "sunset.jpg"), quality=82)
landscape(200, 150).save(os.path.join(HERE, "progressive.jpg"), quality=75, progressive=True)
product(240, 320).save(os.path.join(HERE, "red-bag.jpg"), quality=85, exif=Image.Exif())
logo(128).save(os.path.join(HERE, "logo.png"))
frames = spinner(48, 4)
frames[0].save(os.path.join(HERE, "spinner.gif"), save_all=True, append_images=frames[1:], duration=120, loop=0)
product(400, 300).save(os.path.join(HERE, "blue-shoe.webp"), quality=80)
logo(64).save(os.path.join(HERE, "icon-lossless.webp"), lossless=True)
logo(96).save(os.path.join(HERE, "badge-alpha.webp"), quality=80)
